import { createTestDatabase, testEnv, type TestDatabase } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import type { App } from '@persona-lab/service-kit';

let db: TestDatabase;
let app: App;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp(readConfig(testEnv({ DATABASE_URL: db.url, BROKER_NAMESPACE: `t-health-${process.pid}`, CONSUMERS_ENABLED: 'false' })));
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('health', () => {
  it('is live and ready when its database, Redis and RabbitMQ answer', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    await app.broker.waitUntilReady(15_000);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ database: 'up', redis: 'up', broker: 'up' });
  });

  it('refuses to start with a config error naming every missing variable', () => {
    expect(() => readConfig({})).toThrow(/JWT_SECRET is required[\s\S]*SERVICE_TOKEN is required[\s\S]*DATABASE_URL is required/);
    expect(() => readConfig({ ...testEnv({ DATABASE_URL: 'mysql://x' }), FEEDBACK_PREFETCH: 'lots' })).toThrow(
      /DATABASE_URL must match[\s\S]*FEEDBACK_PREFETCH must be integer/,
    );
  });
});
