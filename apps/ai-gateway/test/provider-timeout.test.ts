// A provider that never answers: each attempt times out, the call fails as retryable, nothing hangs;
// the same for chat completions and embeddings.
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
