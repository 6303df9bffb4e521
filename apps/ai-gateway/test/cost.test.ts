import { AI_GATEWAY_ROUTES } from '@persona-lab/contracts';
import { ConfigError } from '@persona-lab/service-kit';
import { testEnv } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { readConfig } from '../src/config.js';
import { FEEDBACK_ANSWER, FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway } from './helper.js';

const PRICES = JSON.stringify({
  'test/model': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  'openai/text-embedding-3-small': { inputPerMillionUsd: 0.02, outputPerMillionUsd: 0 },
});

describe('AI_MODEL_PRICES', () => {
  it('refuses to start with a price table that is not JSON, naming the variable', () => {
    expect(() => readConfig(testEnv({ AI_MODEL_PRICES: '{nope' }))).toThrow(ConfigError);
    expect(() => readConfig(testEnv({ AI_MODEL_PRICES: '{nope' }))).toThrow(/AI_MODEL_PRICES must be JSON/);
  });

  it('refuses a negative price or a missing field, naming the model', () => {
    const negative = JSON.stringify({ m: { inputPerMillionUsd: -1, outputPerMillionUsd: 1 } });
    expect(() => readConfig(testEnv({ AI_MODEL_PRICES: negative }))).toThrow(/AI_MODEL_PRICES\.m\.inputPerMillionUsd/);
    const missing = JSON.stringify({ m: { inputPerMillionUsd: 1 } });
    expect(() => readConfig(testEnv({ AI_MODEL_PRICES: missing }))).toThrow(/AI_MODEL_PRICES\.m/);
  });
});

describe('the cost in an operation’s metadata', () => {
  const gateway = useAiGateway({ env: { AI_MODEL_PRICES: PRICES } });

  it('is computed from the price table when the provider reports none', async () => {
    gateway.fake.enqueue({ content: FEEDBACK_ANSWER, usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 } });
    const res = await gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.generateFeedback,
      headers: SERVICE_HEADERS,
      payload: FEEDBACK_REQUEST,
    });
    expect(res.statusCode).toBe(200);
    // 1000 × 0.15 / 1e6 + 200 × 0.6 / 1e6
    expect(res.json().metadata).toMatchObject({ model: 'test/model', usage: { promptTokens: 1000, completionTokens: 200 } });
    expect(res.json().metadata.costUsd).toBeCloseTo(0.00027, 12);
  });

  it('is the provider’s own figure when it reports one', async () => {
    gateway.fake.enqueue({
      content: FEEDBACK_ANSWER,
      usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200, cost: 0.0042 },
    });
    const res = await gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.generateFeedback,
      headers: SERVICE_HEADERS,
      payload: FEEDBACK_REQUEST,
    });
    expect(res.json().metadata.costUsd).toBe(0.0042);
  });

  it('is null (unknown), not 0, for a model the table does not price', async () => {
    gateway.fake.enqueue({ content: FEEDBACK_ANSWER, model: 'vendor/unpriced' });
    const res = await gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.generateFeedback,
      headers: SERVICE_HEADERS,
      payload: FEEDBACK_REQUEST,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata).toMatchObject({ model: 'vendor/unpriced', costUsd: null });
  });

  it('prices embeddings by their input tokens', async () => {
    gateway.fake.enqueueEmbeddings({ usage: { prompt_tokens: 500, total_tokens: 500 } });
    const res = await gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.embed,
      headers: SERVICE_HEADERS,
      payload: { texts: ['a b'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata.costUsd).toBeCloseTo(0.00001, 12);
  });

  it('the pricing route names each use’s model and its price, null when unknown', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: AI_GATEWAY_ROUTES.pricing, headers: SERVICE_HEADERS });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      provider: 'openrouter',
      models: [
        { use: 'personas', model: 'test/model', price: { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 } },
        { use: 'feedback', model: 'test/model', price: { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 } },
        { use: 'themes', model: 'test/model', price: { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 } },
        { use: 'embeddings', model: 'openai/text-embedding-3-small', price: { inputPerMillionUsd: 0.02, outputPerMillionUsd: 0 } },
      ],
    });
  });

  it('the pricing route takes the service credential only', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: AI_GATEWAY_ROUTES.pricing });
    expect(res.statusCode).toBe(401);
  });
});

describe('the offline provider’s cost', () => {
  const gateway = useAiGateway({ offline: true });

  it('is a known 0', async () => {
    const res = await gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.generateFeedback,
      headers: SERVICE_HEADERS,
      payload: FEEDBACK_REQUEST,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata).toMatchObject({ simulated: true, costUsd: 0 });
  });
});
