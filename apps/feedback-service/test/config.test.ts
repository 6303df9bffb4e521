import { ConfigError } from '@persona-lab/service-kit';
import { testEnv } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { readConfig } from '../src/config.js';

const env = (overrides: Record<string, string> = {}) =>
  testEnv({ DATABASE_URL: 'postgres://test@127.0.0.1:5432/config-only', ...overrides });

describe('feedback-service configuration', () => {
  it('accepts the default gateway timeout, which ends 30 s before the lease of a PanelAnswerTask', () => {
    expect(readConfig(env()).AI_GATEWAY_TIMEOUT_MS).toBe(120_000);
    expect(readConfig(env({ AI_GATEWAY_TIMEOUT_MS: '120000' })).AI_GATEWAY_TIMEOUT_MS).toBe(120_000);
  });

  it('refuses a gateway timeout too long for the lease of a PanelAnswerTask, naming the variable', () => {
    const load = () => readConfig(env({ AI_GATEWAY_TIMEOUT_MS: '120001' }));

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'AI_GATEWAY_TIMEOUT_MS must be at most 120000 (got 120001): a call must end 30000 ms before the 150000 ms lease of PanelAnswerTask',
    );
  });
});

it('refuses a gateway and embedding timeout together too long for the lease of a FeedbackGenerationTask', () => {
  const load = () => readConfig(env({ AI_GATEWAY_TIMEOUT_MS: '120000', SSR_EMBED_TIMEOUT_MS: '40000' }));

  expect(load).toThrow(
    'AI_GATEWAY_TIMEOUT_MS + SSR_EMBED_TIMEOUT_MS must be at most 150000 (got 160000): a call must end 30000 ms before the 180000 ms lease of FeedbackGenerationTask',
  );
});

it('refuses an embedding timeout longer than the gateway accepts for a statement embedding', () => {
  const load = () => readConfig(env({ AI_GATEWAY_TIMEOUT_MS: '1000', SSR_EMBED_TIMEOUT_MS: '120001' }));

  expect(load).toThrow(ConfigError);
  expect(load).toThrow(/SSR_EMBED_TIMEOUT_MS/);
});
