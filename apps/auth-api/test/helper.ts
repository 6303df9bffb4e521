// Builds the auth-api the way server.ts does, on a fresh database for one test file and the local
// Redis, and closes both after it.
import { randomBytes } from 'node:crypto';

import type { App } from '@persona-lab/service-kit';
import { createTestDatabase, type TestDatabase, testEnv } from '@persona-lab/testing';
import { afterAll, beforeAll } from 'vitest';

import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';

/** A rate-limit namespace of this test run alone, so parallel runs never share counters. */
export const uniqueNamespace = () => `auth-api-test:${randomBytes(6).toString('hex')}`;

/** One auth-api instance on `databaseUrl` with these settings; the caller closes it. */
export async function buildTestApp(databaseUrl: string, overrides: Record<string, string> = {}): Promise<App> {
  const config = readConfig(testEnv({ DATABASE_URL: databaseUrl, LOGIN_LIMIT_NAMESPACE: uniqueNamespace(), ...overrides }));
  const app = await buildApp(config);
  await app.ready();
  return app;
}

export interface AuthApiUnderTest {
  app: App;
  database: TestDatabase;
}

/**
 * Registers the file's beforeAll/afterAll; read `app` and `database` inside tests. A test that needs
 * a second instance (other limits, another Redis) builds it with `buildTestApp(database.url, …)`.
 */
export function useAuthApi(overrides: Record<string, string> = {}): AuthApiUnderTest {
  const context = {} as AuthApiUnderTest;
  beforeAll(async () => {
    context.database = await createTestDatabase();
    context.app = await buildTestApp(context.database.url, overrides);
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.drop();
  });
  return context;
}

let emailCounter = 0;
/** An email no other test in the file uses. */
export const uniqueEmail = (label = 'user') => `${label}-${++emailCounter}-${randomBytes(3).toString('hex')}@example.com`;

let ipCounter = 0;
/** A client address no other test in the file uses, so per-IP limits stay per test. */
export const uniqueIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

export const PASSWORD = 'Correct-Horse-Battery-9f3a';

export function register(app: App, email: string, password = PASSWORD, ip = uniqueIp()) {
  return app.inject({ method: 'POST', url: '/auth/register', payload: { email, password }, remoteAddress: ip });
}

export function login(app: App, email: string, password = PASSWORD, ip = uniqueIp()) {
  return app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress: ip });
}

export function me(app: App, token: string) {
  return app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } });
}
