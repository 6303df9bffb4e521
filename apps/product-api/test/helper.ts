// Builds the product-api on a fresh database for one test file, and closes both after it.
import type { ProductInput } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { createTestDatabase, type TestDatabase, testEnv } from '@persona-lab/testing';
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
