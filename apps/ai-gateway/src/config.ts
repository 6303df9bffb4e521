import { BaseConfig, ConfigError, DatabaseConfig, loadConfig, ServiceTokenConfig } from '@persona-lab/service-kit';
import { type Static, Type } from 'typebox';

import { parsePriceTable, type PriceTable } from './domain/pricing.js';

const OptionalText = Type.Optional(Type.String({ minLength: 1 }));

export const AiGatewayConfig = Type.Object({
  ...BaseConfig.properties,
  ...ServiceTokenConfig.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3005 }),

  AI_PROVIDER: Type.Union([Type.Literal('offline'), Type.Literal('openrouter'), Type.Literal('openai-compatible')], {
    default: 'offline',
  }),

  OPENROUTER_BASE_URL: Type.String({ pattern: '^https?://', default: 'https://openrouter.ai/api/v1' }),
  OPENROUTER_API_KEY: OptionalText,
  OPENROUTER_MODEL: Type.String({ minLength: 1, default: 'openai/gpt-4o-mini' }),
  OPENROUTER_PRESET_PERSONAS: Type.String({ default: '@preset/create-persons' }),
  OPENROUTER_PRESET_FEEDBACK: OptionalText,

  AI_COMPATIBLE_BASE_URL: Type.String({ pattern: '^https?://', default: 'https://api.openai.com/v1' }),
  AI_COMPATIBLE_API_KEY: OptionalText,
  AI_COMPATIBLE_MODEL: Type.String({ minLength: 1, default: 'gpt-4o-mini' }),

  /** Per-use model overrides, whichever network provider is chosen. */
  AI_MODEL_PERSONAS: OptionalText,
  AI_MODEL_FEEDBACK: OptionalText,
  AI_MODEL_THEMES: OptionalText,
  /** Model of the embed operation (POST {base}/embeddings); see embeddingModelOf for the default. */
  AI_MODEL_EMBEDDINGS: OptionalText,
  /**
   * How embeddings are asked for: `base64` (the vector's 32-bit floats, as OpenAI's own clients ask) or `float` (JSON
   * numbers, the protocol's default, for a server that refuses `encoding_format`). Both answers are read either way.
   */
  AI_EMBEDDING_ENCODING: Type.Union([Type.Literal('base64'), Type.Literal('float')], { default: 'base64' }),

  AI_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 30_000 }),
  /** Concurrent requests to the provider from one gateway instance, so a big session does not trip rate limits. */
  AI_MAX_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 1_000, default: 16 }),
  /** Concurrent embeddings requests, beside the chat requests (providers limit each model on its own); AI_MAX_CONCURRENCY when unset. */
  AI_MAX_EMBEDDING_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
  /** HTTP attempts per model call on 429/502/503/504, timeouts and network errors. */
  AI_HTTP_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
  /** Model answers per batch persona generation (invalid JSON or a wrong count is sent back for repair). */
  AI_BATCH_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 5 }),
  /** Model answers per single-persona, feedback or theme call. */
  AI_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
  /** First backoff delay; it doubles per attempt up to AI_RETRY_MAX_MS (1 s, 2 s, 4 s, 8 s, 8 s by default). */
  AI_RETRY_BASE_MS: Type.Integer({ minimum: 0, default: 1_000 }),
  AI_RETRY_MAX_MS: Type.Integer({ minimum: 0, default: 8_000 }),
  /** A Retry-After longer than this is not waited for: the call fails as retryable instead. */
  AI_RETRY_AFTER_MAX_MS: Type.Integer({ minimum: 0, default: 60_000 }),

  /**
   * Prices per model, JSON: { "model": { "inputPerMillionUsd": n, "outputPerMillionUsd": n } }. A call's cost comes from
   * the provider when it reports one, else from here; a model in neither has an unknown cost (null, never 0).
   */
  AI_MODEL_PRICES: OptionalText,

  /** Seed of the offline provider: the same seed and request always give the same answer. */
  AI_OFFLINE_SEED: Type.String({ minLength: 1, default: 'persona-lab' }),

  /** The response cache's database; without it the gateway runs without a cache (see README). */
  DATABASE_URL: Type.Optional(DatabaseConfig.properties.DATABASE_URL),
  DATABASE_POOL_SIZE: DatabaseConfig.properties.DATABASE_POOL_SIZE,
  /** Serve answers already given (with a seed, or at temperature 0) from the response cache. */
  AI_CACHE_ENABLED: Type.Boolean({ default: true }),
  /** Older entries are never served, and pruned. */
  AI_CACHE_MAX_AGE_DAYS: Type.Integer({ minimum: 1, maximum: 3_650, default: 30 }),
  /** Beyond this many entries, the oldest are pruned. */
  AI_CACHE_MAX_ENTRIES: Type.Integer({ minimum: 1, default: 100_000 }),
  /** How often each instance prunes the cache (and once at start). */
  AI_CACHE_PRUNE_INTERVAL_MS: Type.Integer({ minimum: 1_000, default: 10 * 60_000 }),
  /**
   * New answers are stored together, by one statement per batch: once a batch holds this many, or
   * AI_CACHE_WRITE_DELAY_MS after its first (and on shutdown). A crash loses at most that batch.
   */
  AI_CACHE_WRITE_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1_000, default: 64 }),
  AI_CACHE_WRITE_DELAY_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 50 }),
});
export type AiGatewayConfig = Static<typeof AiGatewayConfig>;

/** The key of the provider in use, or undefined for the offline one. */
export function apiKeyOf(config: AiGatewayConfig): string | undefined {
  if (config.AI_PROVIDER === 'openrouter') return config.OPENROUTER_API_KEY;
  if (config.AI_PROVIDER === 'openai-compatible') return config.AI_COMPATIBLE_API_KEY;
  return undefined;
}

/** OpenRouter names models by vendor; OpenAI and most compatible endpoints do not. */
const DEFAULT_EMBEDDING_MODELS = { openrouter: 'openai/text-embedding-3-small', 'openai-compatible': 'text-embedding-3-small' };

/** The embedding model of a network provider: AI_MODEL_EMBEDDINGS, or text-embedding-3-small as the provider names it. */
export function embeddingModelOf(config: AiGatewayConfig, provider: 'openrouter' | 'openai-compatible'): string {
  return config.AI_MODEL_EMBEDDINGS ?? DEFAULT_EMBEDDING_MODELS[provider];
}

/** The response cache is on when it is enabled and has a database. */
export function usesResponseCache(config: AiGatewayConfig): config is AiGatewayConfig & { DATABASE_URL: string } {
  return config.AI_CACHE_ENABLED && config.DATABASE_URL !== undefined;
}

/**
 * What decides an answer besides the request, in the cache's key: the endpoint a network provider
 * is reached at, or the offline provider's seed.
 */
export function providerScopeOf(config: AiGatewayConfig): string {
  if (config.AI_PROVIDER === 'openrouter') return config.OPENROUTER_BASE_URL;
  if (config.AI_PROVIDER === 'openai-compatible') return config.AI_COMPATIBLE_BASE_URL;
  return `offline:${config.AI_OFFLINE_SEED}`;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AiGatewayConfig {
  const config = loadConfig(AiGatewayConfig, env);
  if (config.AI_PROVIDER !== 'offline' && !apiKeyOf(config)) {
    const variable = config.AI_PROVIDER === 'openrouter' ? 'OPENROUTER_API_KEY' : 'AI_COMPATIBLE_API_KEY';
    throw new ConfigError([`${variable} is required when AI_PROVIDER is ${config.AI_PROVIDER}`]);
  }
  const prices = parsePriceTable(config.AI_MODEL_PRICES);
  if ('problems' in prices) throw new ConfigError(prices.problems);
  return config;
}

/** The price table of AI_MODEL_PRICES (readConfig has checked it). */
export function priceTableOf(config: AiGatewayConfig): PriceTable {
  const prices = parsePriceTable(config.AI_MODEL_PRICES);
  if ('problems' in prices) throw new ConfigError(prices.problems);
  return prices.table;
}
