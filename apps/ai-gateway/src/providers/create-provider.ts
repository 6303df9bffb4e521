import { type AiGatewayConfig, embeddingModelOf } from '../config.js';
import { createChatCompletionsProvider } from './chat-completions.js';
import { createOfflineProvider } from './offline/offline-provider.js';
import type { ChatProvider } from './types.js';

/** The provider the configuration chooses; readConfig has already checked that it has a key. */
export function createProvider(config: AiGatewayConfig): ChatProvider {
  if (config.AI_PROVIDER === 'offline') return createOfflineProvider({ seed: config.AI_OFFLINE_SEED });
  const openrouter = config.AI_PROVIDER === 'openrouter';
  return createChatCompletionsProvider({
    name: config.AI_PROVIDER,
    baseUrl: openrouter ? config.OPENROUTER_BASE_URL : config.AI_COMPATIBLE_BASE_URL,
    apiKey: (openrouter ? config.OPENROUTER_API_KEY : config.AI_COMPATIBLE_API_KEY) ?? '',
    model: openrouter ? config.OPENROUTER_MODEL : config.AI_COMPATIBLE_MODEL,
    models: {
      personas: config.AI_MODEL_PERSONAS,
      feedback: config.AI_MODEL_FEEDBACK,
      themes: config.AI_MODEL_THEMES,
      embeddings: embeddingModelOf(config, config.AI_PROVIDER),
    },
    presets: { personas: config.OPENROUTER_PRESET_PERSONAS, feedback: config.OPENROUTER_PRESET_FEEDBACK },
    timeoutMs: config.AI_TIMEOUT_MS,
    maxConcurrency: config.AI_MAX_CONCURRENCY,
    maxEmbeddingConcurrency: config.AI_MAX_EMBEDDING_CONCURRENCY ?? config.AI_MAX_CONCURRENCY,
    embeddingEncoding: config.AI_EMBEDDING_ENCODING,
    maxAttempts: config.AI_HTTP_MAX_ATTEMPTS,
    backoff: { baseMs: config.AI_RETRY_BASE_MS, maxMs: config.AI_RETRY_MAX_MS },
    retryAfterMaxMs: config.AI_RETRY_AFTER_MAX_MS,
  });
}
