import { ConfigError } from '@persona-lab/service-kit';
import { testEnv } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { embeddingModelOf, readConfig } from '../src/config.js';

describe('ai-gateway configuration', () => {
  it('defaults to the offline provider on port 3005 with a 30 s timeout', () => {
    const config = readConfig(testEnv());
    expect(config).toMatchObject({
      AI_PROVIDER: 'offline',
      PORT: 3005,
      AI_TIMEOUT_MS: 30_000,
      OPENROUTER_PRESET_PERSONAS: '@preset/create-persons',
      AI_BATCH_MAX_ATTEMPTS: 5,
      AI_RETRY_BASE_MS: 1_000,
      AI_RETRY_MAX_MS: 8_000,
    });
    expect(config.OPENROUTER_PRESET_FEEDBACK).toBeUndefined();
  });

  it('requires a key when the provider is openrouter', () => {
    expect(() => readConfig(testEnv({ AI_PROVIDER: 'openrouter' }))).toThrow(ConfigError);
    expect(() => readConfig(testEnv({ AI_PROVIDER: 'openrouter' }))).toThrow(
      'OPENROUTER_API_KEY is required when AI_PROVIDER is openrouter',
    );
  });

  it('requires a key when the provider is openai-compatible', () => {
    expect(() => readConfig(testEnv({ AI_PROVIDER: 'openai-compatible' }))).toThrow(
      'AI_COMPATIBLE_API_KEY is required when AI_PROVIDER is openai-compatible',
    );
    expect(readConfig(testEnv({ AI_PROVIDER: 'openai-compatible', AI_COMPATIBLE_API_KEY: 'k' })).AI_PROVIDER).toBe('openai-compatible');
  });

  it('rejects an unknown provider', () => {
    expect(() => readConfig(testEnv({ AI_PROVIDER: 'magic' }))).toThrow(/AI_PROVIDER must be one of/);
  });

  it('names text-embedding-3-small as each provider names it, unless AI_MODEL_EMBEDDINGS says otherwise', () => {
    const config = readConfig(testEnv());
    expect(embeddingModelOf(config, 'openrouter')).toBe('openai/text-embedding-3-small');
    expect(embeddingModelOf(config, 'openai-compatible')).toBe('text-embedding-3-small');
    const chosen = readConfig(testEnv({ AI_MODEL_EMBEDDINGS: 'vendor/embed-large' }));
    expect(embeddingModelOf(chosen, 'openrouter')).toBe('vendor/embed-large');
  });
});
