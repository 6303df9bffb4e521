// Builds the product-api on a fresh database for one test file, and closes both after it.
import { randomUUID } from 'node:crypto';
import type { ProductInput } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { createTestDatabase, testEnv, type TestDatabase } from '@persona-lab/testing';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';

export interface ProductApiUnderTest {
  app: App;
  database: TestDatabase;
}

/** Registers the file's beforeAll/afterAll; read `app` and `database` inside tests. */
export function useProductApi(): ProductApiUnderTest {
  const context = {} as ProductApiUnderTest;
  beforeAll(async () => {
    context.database = await createTestDatabase();
    context.app = await buildApp(readConfig(testEnv({ DATABASE_URL: context.database.url })));
    await context.app.ready();
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.drop();
  });
  return context;
}

export interface SignedInUser {
  userId: string;
  token: string;
  headers: { authorization: string };
}

/** A user row plus a token for it, as auth-api would issue it. */
export async function signIn(app: App): Promise<SignedInUser> {
  const user = await app.db.user.create({
    data: { email: `user-${randomUUID()}@example.com`, passwordHash: 'not-used-by-product-api' },
  });
  const token = app.jwt.sign({ sub: user.id });
  return { userId: user.id, token, headers: { authorization: `Bearer ${token}` } };
}

export function productInput(overrides: Partial<Record<keyof ProductInput, unknown>> = {}): Record<string, unknown> {
  return {
    name: 'Trail Runner 2',
    description: 'A light waterproof running shoe for rough trails.',
    price: '129.90',
    category: 'Footwear',
    keyFeatures: ['Waterproof membrane', 'Grippy outsole'],
    ...overrides,
  };
}
