// A caller that goes away stops its model call: the request to the provider is dropped at once, not
// retried, and fails as `aborted`; a call whose caller is already gone sends nothing.
import { type FakeLlmProvider, startFakeLlmProvider, waitFor } from '@persona-lab/testing';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AiError } from '../src/domain/ai-error.js';
import { createChatCompletionsProvider } from '../src/providers/chat-completions.js';
import type { ChatProvider } from '../src/providers/types.js';
import { FAKE_API_KEY } from './helper.js';

const log = Fastify({ logger: false }).log;
let fake: FakeLlmProvider;
let provider: ChatProvider;

beforeAll(async () => {
  fake = await startFakeLlmProvider();
  provider = createChatCompletionsProvider({
    name: 'openai-compatible',
    baseUrl: fake.baseUrl,
    apiKey: FAKE_API_KEY,
    model: 'test/model',
    // Longer than the test's own timeout: a call that waited for the provider would fail the test.
    timeoutMs: 120_000,
    maxConcurrency: 2,
    maxEmbeddingConcurrency: 2,
    embeddingEncoding: 'base64',
    maxAttempts: 3,
    backoff: { baseMs: 1, maxMs: 2 },
    retryAfterMaxMs: 1_000,
  });
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});

describe('a model call whose caller goes away', () => {
  it('stops waiting for the provider and fails as aborted, without a retry', async () => {
    fake.setEmbeddingsFallback({ hang: true });
    const controller = new AbortController();
    const call = provider.embed(['a'], { log, signal: controller.signal }).catch((error: unknown) => error);
    await waitFor('the request to reach the provider', () => fake.requests.length === 1);
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(AiError);
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it('sends nothing when the caller is already gone', async () => {
    fake.reset();
    const controller = new AbortController();
    controller.abort();
    await expect(provider.embed(['a'], { log, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect(fake.requests).toHaveLength(0);
  });
});
