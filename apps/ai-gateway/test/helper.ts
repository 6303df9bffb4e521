// Builds the gateway for one test file (against the fake provider or offline), and closes it after.
import type { GeneratedPersona } from '@persona-lab/contracts';
import { type App, unpackVector } from '@persona-lab/service-kit';
import {
  createTestDatabase,
  type FakeLlmProvider,
  startFakeLlmProvider,
  TEST_SECRETS,
  type TestDatabase,
  testEnv,
} from '@persona-lab/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';

/** A feedback answer's statement vector, unpacked (an answer with a failure instead has none). */
export const vectorOf = (statementEmbedding: { packedVector?: string }) => unpackVector(statementEmbedding.packedVector ?? '');

/**
 * A vector as it arrives from the fake provider: the gateway asks for base64 embeddings, which are 32-bit
 * floats (`AI_EMBEDDING_ENCODING`), so each value is the nearest 32-bit float to the one scripted.
 */
export const asFloat32 = (vector: readonly number[]) => vector.map(Math.fround);

export const SERVICE_HEADERS = { 'x-service-token': TEST_SECRETS.SERVICE_TOKEN };
export const FAKE_API_KEY = 'sk-or-test-key-that-must-never-be-logged';

/** Fast retries so the retry paths run in milliseconds. */
const FAST_RETRIES = { AI_RETRY_BASE_MS: '5', AI_RETRY_MAX_MS: '20' };

export interface GatewayUnderTest {
  app: App;
  fake: FakeLlmProvider;
  /** With `{ database: true }`: the response cache's fresh database. */
  database?: TestDatabase;
}

export interface GatewayOptions {
  /** The built-in offline provider instead of OpenRouter over the fake (which then is not started). */
  offline?: boolean;
  /** Which network provider talks to the fake: OpenRouter by default. */
  provider?: 'openrouter' | 'openai-compatible';
  /** Overrides of the gateway's environment. */
  env?: Record<string, string>;
  /** A fresh database of its own (DATABASE_URL), so the response cache is on. */
  database?: boolean;
}

/**
 * Registers the file's (or describe block's) beforeAll/afterAll; read `app` (and `fake`) inside
 * tests. By default the gateway is configured as OpenRouter pointing at a fake provider, which is
 * reset before each test; `{ offline: true }` gives the built-in offline provider and no fake.
 */
export function useAiGateway(options?: GatewayOptions & { offline?: false }): GatewayUnderTest;
export function useAiGateway(options: GatewayOptions & { offline: true }): Pick<GatewayUnderTest, 'app'>;
export function useAiGateway({
  offline = false,
  provider = 'openrouter',
  env: givenEnv = {},
  database = false,
}: GatewayOptions = {}): Partial<GatewayUnderTest> {
  const context: Partial<GatewayUnderTest> = {};
  beforeAll(async () => {
    if (database) context.database = await createTestDatabase();
    const env = context.database ? { DATABASE_URL: context.database.url, ...givenEnv } : givenEnv;
    if (offline) {
      context.app = await buildApp(readConfig(testEnv({ AI_PROVIDER: 'offline', ...env })));
    } else {
      context.fake = await startFakeLlmProvider();
      const providerEnv: Record<string, string> =
        provider === 'openrouter'
          ? { OPENROUTER_BASE_URL: context.fake.baseUrl, OPENROUTER_API_KEY: FAKE_API_KEY, OPENROUTER_MODEL: 'test/model' }
          : { AI_COMPATIBLE_BASE_URL: context.fake.baseUrl, AI_COMPATIBLE_API_KEY: FAKE_API_KEY, AI_COMPATIBLE_MODEL: 'test/model' };
      context.app = await buildApp(
        readConfig(
          testEnv({
            AI_PROVIDER: provider,
            ...providerEnv,
            AI_TIMEOUT_MS: '5000',
            ...FAST_RETRIES,
            ...env,
          }),
        ),
      );
    }
    await context.app.ready();
  });
  beforeEach(() => context.fake?.reset());
  afterAll(async () => {
    await context.app?.close();
    await context.fake?.close();
    await context.database?.drop();
  });
  return context;
}

export function persona(name: string, age = 30): GeneratedPersona {
  return {
    name,
    detailed_bio: `${name} is ${age}, works as a nurse in Leeds and spends weekends hiking.`,
    product_attitudes: 'Compares prices and reads reviews before buying.',
    gender: 'female',
    age,
  };
}

/** A valid answer for batch generation with `count` personas. */
export function personasAnswer(count: number): string {
  return JSON.stringify(Array.from({ length: count }, (_, i) => persona(`Person ${i + 1}`, 20 + i * 10)));
}

export const PERSONAS_REQUEST = {
  count: 3,
  demographics: { country: 'GB', minAge: 20, maxAge: 40, incomeLevel: 'middle' },
  psychographics: { interests: ['hiking'], values: ['family'], traits: ['curious'] },
};

export const FEEDBACK_REQUEST = {
  persona: {
    bio: 'Sarah is 34, a nurse in Leeds who loves hiking and cooking.',
    productAttitudes: 'Compares prices and waits for discounts; values durability.',
  },
  product: {
    name: 'TrailMate Boots',
    description: 'Waterproof hiking boots with a recycled sole.',
    price: '129.00',
    currency: 'EUR',
    category: 'outdoor',
    keyFeatures: ['waterproof', 'recycled sole'],
  },
  language: 'en',
};

export const FEEDBACK_ANSWER = JSON.stringify({
  feedback: 'Great boots for my hikes, but pricey.',
  purchase_intent: 7,
  key_concerns: ['price'],
  purchase_statement: 'There is a fair chance I get them for my hikes, though the price stings a little.',
});
