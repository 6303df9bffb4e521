// A provider that never answers: each attempt times out, the call fails as retryable, nothing hangs;
// the same for chat completions and embeddings. One that refuses connections fails as retryable too.
import { describe, expect, it } from 'vitest';

import { PERSONAS_REQUEST, personasAnswer, SERVICE_HEADERS, useAiGateway } from './helper.js';

const gateway = useAiGateway({ env: { AI_TIMEOUT_MS: '150' } });

describe('a provider that hangs', () => {
  it('is retried after the timeout and the next answer is used', async () => {
    gateway.fake.enqueue({ hang: true }, personasAnswer(3));
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/v1/personas/generate',
      headers: SERVICE_HEADERS,
      payload: PERSONAS_REQUEST,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata.attempts).toBe(2);
  });

  it('fails as a retryable timeout when it never answers', async () => {
    gateway.fake.setFallback({ hang: true });
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/v1/personas/generate',
      headers: SERVICE_HEADERS,
      payload: PERSONAS_REQUEST,
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['x-ai-error-kind']).toBe('timeout');
    expect(res.json().detail).toContain('did not answer within 150 ms');
    expect(gateway.fake.requests).toHaveLength(3);
  });

  it('times out an embeddings call the same way', async () => {
    gateway.fake.setEmbeddingsFallback({ hang: true });
    const res = await gateway.app.inject({ method: 'POST', url: '/v1/embeddings', headers: SERVICE_HEADERS, payload: { texts: ['a'] } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['x-ai-error-kind']).toBe('timeout');
    expect(res.headers['x-ai-retryable']).toBe('true');
    expect(gateway.fake.requests).toHaveLength(3);
  });
});

describe('a provider that cannot be reached', () => {
  // Port 9 (discard) on 127.0.0.1: nothing listens, so every connection is refused at once.
  const unreachable = useAiGateway({
    env: { OPENROUTER_BASE_URL: 'http://127.0.0.1:9/v1' },
  });

  it('fails as a retryable provider error naming only the network error', async () => {
    const res = await unreachable.app.inject({
      method: 'POST',
      url: '/v1/personas/generate',
      headers: SERVICE_HEADERS,
      payload: PERSONAS_REQUEST,
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['x-ai-error-kind']).toBe('provider');
    expect(res.headers['x-ai-retryable']).toBe('true');
    expect(res.json().detail).toBe('AI provider unreachable (ECONNREFUSED error)');
  });
});
