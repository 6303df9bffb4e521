// The embed operation through its route: against the fake provider's /embeddings (order, model,
// usage, failures classified like chat calls, base64 or numbers), request validation, and the offline
// embedding.
import { AI_GATEWAY_ROUTES } from '@persona-lab/contracts';
import { base64Embedding, fakeEmbedding, testEnv } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { readConfig } from '../src/config.js';
import { embedText, OFFLINE_EMBEDDING_DIMENSIONS, wordsOf } from '../src/providers/offline/embedding.js';
import { FAKE_API_KEY, SERVICE_HEADERS, useAiGateway } from './helper.js';

type Gateway = { app: ReturnType<typeof useAiGateway>['app'] };

function embed(gateway: Gateway, texts: unknown) {
  return gateway.app.inject({ method: 'POST', url: AI_GATEWAY_ROUTES.embed, headers: SERVICE_HEADERS, payload: { texts } });
}

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);
const norm = (a: number[]) => Math.hypot(...a);

const TEXTS = ['I will buy it today.', 'Not for me at all.', 'Maybe, if the price drops.'];

describe('embed over OpenRouter', () => {
  const gateway = useAiGateway();

  it('returns one vector per text in the order of the texts, whatever order the provider lists them in', async () => {
    gateway.fake.enqueueEmbeddings({
      embeddings: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(200);
    expect(res.json().embeddings).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('posts the texts as input to {base}/embeddings with the default embedding model and the key', async () => {
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(200);
    expect(gateway.fake.requests).toHaveLength(1);
    const request = gateway.fake.requests[0]!;
    expect(request.path).toBe('/v1/embeddings');
    expect(request.headers.authorization).toBe(`Bearer ${FAKE_API_KEY}`);
    expect(request.body).toEqual({ model: 'openai/text-embedding-3-small', input: TEXTS, encoding_format: 'base64' });
  });

  it('reads base64 embeddings as the 32-bit floats they are', async () => {
    gateway.fake.enqueueEmbeddings({
      body: JSON.stringify({ data: [0, 1, 2].map((index) => ({ index, embedding: base64Embedding([0.1, -index]) })) }),
    });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(200);
    // 0.1 is not a 32-bit float: the provider sent the nearest one, 0.100000001490116...
    expect(res.json().embeddings).toStrictEqual([0, -1, -2].map((value) => [0.10000000149011612, value]));
  });

  it('reads numbers from a provider that answers them though base64 was asked for', async () => {
    const vectors = [
      [0.1, 0.2],
      [1 / 3, 0],
      [0, 1],
    ];
    gateway.fake.enqueueEmbeddings({ body: JSON.stringify({ data: vectors.map((embedding, index) => ({ index, embedding })) }) });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(200);
    expect(res.json().embeddings).toStrictEqual(vectors);
  });

  it.each([
    ['not base64', 'not base64!'],
    ['not a whole number of 32-bit floats', Buffer.from([1, 2, 3, 4, 5, 6]).toString('base64')],
    ['a value that is not a number', base64Embedding([1, Number.NaN])],
    ['empty', ''],
  ])('fails as a provider error when an embedding is a text that is %s, after retrying it', async (_, embedding) => {
    gateway.fake.setEmbeddingsFallback({ body: JSON.stringify({ data: [0, 1, 2].map((index) => ({ index, embedding })) }) });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toContain('an embedding that is neither numbers nor 32-bit floats in base64');
    expect(res.headers['x-ai-error-kind']).toBe('provider');
    expect(gateway.fake.requests).toHaveLength(3);
  });

  it('reports the model, the attempts and the prompt tokens the provider gave', async () => {
    gateway.fake.enqueueEmbeddings({ embeddings: [[1], [2], [3]], usage: { prompt_tokens: 17, total_tokens: 17 }, model: 'vendor/e-1' });
    const res = await embed(gateway, TEXTS);
    expect(res.json().metadata).toEqual({
      provider: 'openrouter',
      model: 'vendor/e-1',
      attempts: 1,
      simulated: false,
      usage: { promptTokens: 17, completionTokens: 0, totalTokens: 17 },
      costUsd: null,
      cached: false,
    });
  });

  it('rides out a burst of 503s like a chat call', async () => {
    gateway.fake.enqueueEmbeddings({ status: 503 }, { status: 503 }, {});
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata.attempts).toBe(3);
    expect(res.json().embeddings).toHaveLength(3);
  });

  it('answers 503, retryable, with the provider kind when the provider keeps failing', async () => {
    gateway.fake.setEmbeddingsFallback({ status: 503 });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(res.json().detail).toContain('HTTP 503');
    expect(res.headers['x-ai-error-kind']).toBe('provider');
    expect(res.headers['x-ai-retryable']).toBe('true');
    expect(gateway.fake.requests).toHaveLength(3);
  });

  it('never retries rejected credentials and answers 502', async () => {
    gateway.fake.enqueueEmbeddings({ status: 401 }, {});
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toContain('rejected the credentials');
    expect(res.json().detail).not.toContain(FAKE_API_KEY);
    expect(res.headers['x-ai-error-kind']).toBe('provider');
    expect(res.headers['x-ai-retryable']).toBe('false');
    expect(gateway.fake.requests).toHaveLength(1);
  });

  it('retries an answer that does not hold one vector per text, then uses the good one', async () => {
    gateway.fake.enqueueEmbeddings({ embeddings: [[1, 0]] }, { embeddings: [[1], [2], [3]] });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata.attempts).toBe(2);
  });

  it('fails as a provider error when the vectors keep having different dimensions', async () => {
    gateway.fake.setEmbeddingsFallback({ embeddings: [[1, 0], [1], [0, 1]] });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toContain('embeddings of different dimensions');
    expect(res.headers['x-ai-error-kind']).toBe('provider');
  });

  it('reads an error document answered with 200 as the error it names', async () => {
    gateway.fake.enqueueEmbeddings({ body: JSON.stringify({ error: { code: 400, message: 'input too long' } }) });
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toContain('HTTP 400');
    expect(gateway.fake.requests).toHaveLength(1);
  });

  it('leaves scripted chat answers to chat calls', async () => {
    gateway.fake.enqueue('{"not": "an embedding"}');
    const res = await embed(gateway, ['one']);
    expect(res.statusCode).toBe(200);
    expect(res.json().embeddings).toHaveLength(1);
  });

  it.each([
    ['no texts', []],
    ['65 texts', Array.from({ length: 65 }, (_, i) => `text ${i}`)],
    ['a text of 2 001 characters', ['x'.repeat(2_001)]],
    ['a blank text', ['   ']],
  ])('refuses %s with 400, naming the field, without calling the provider', async (_, texts) => {
    const res = await embed(gateway, texts);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toMatch(/^body\/texts/);
    expect(gateway.fake.requests).toHaveLength(0);
  });

  it('accepts 64 texts of 2 000 characters', async () => {
    const texts = Array.from({ length: 64 }, (_, i) => `${i} ${'y'.repeat(1_990)}`);
    const res = await embed(gateway, texts);
    expect(res.statusCode).toBe(200);
    expect(res.json().embeddings).toHaveLength(64);
  });
});

describe('embed over an OpenAI-compatible endpoint', () => {
  const gateway = useAiGateway({ provider: 'openai-compatible', env: { AI_MODEL_EMBEDDINGS: 'vendor/embed-large' } });

  it('posts to the endpoint /embeddings with the configured model', async () => {
    const res = await embed(gateway, TEXTS);
    expect(res.statusCode).toBe(200);
    expect(gateway.fake.requests.map((r) => [r.path, r.body?.model])).toEqual([['/v1/embeddings', 'vendor/embed-large']]);
    expect(res.json().metadata).toMatchObject({ provider: 'openai-compatible', model: 'vendor/embed-large' });
  });
});

describe('embed with AI_EMBEDDING_ENCODING=float, for a server that refuses encoding_format', () => {
  const gateway = useAiGateway({ env: { AI_EMBEDDING_ENCODING: 'float' } });

  it('asks for the protocol’s default, numbers, without the field, and reads them exactly', async () => {
    const res = await embed(gateway, ['one']);
    expect(res.statusCode).toBe(200);
    expect(gateway.fake.requests[0]!.body).toEqual({ model: 'openai/text-embedding-3-small', input: ['one'] });
    expect(res.json().embeddings).toStrictEqual([fakeEmbedding('one')]);
  });

  it('is refused at start-up when it names another encoding', () => {
    expect(() => readConfig(testEnv({ AI_EMBEDDING_ENCODING: 'binary' }))).toThrow(/AI_EMBEDDING_ENCODING/);
  });
});

describe('embed offline', () => {
  const gateway = useAiGateway({ offline: true, env: { AI_OFFLINE_SEED: 'seed-a' } });
  const otherSeed = useAiGateway({ offline: true, env: { AI_OFFLINE_SEED: 'seed-b' } });

  it('gives unit vectors of one dimension, the same for the same text on every call and seed', async () => {
    const first = (await embed(gateway, TEXTS)).json();
    const again = (await embed(gateway, [...TEXTS].reverse())).json();
    const other = (await embed(otherSeed, TEXTS)).json();
    expect(first.embeddings).toHaveLength(3);
    for (const vector of first.embeddings) {
      expect(vector).toHaveLength(OFFLINE_EMBEDDING_DIMENSIONS);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
    expect(again.embeddings).toEqual([...first.embeddings].reverse());
    expect(other.embeddings).toEqual(first.embeddings);
    expect(first.metadata).toEqual({
      provider: 'offline',
      model: 'persona-lab-lexical-hash-512',
      attempts: 1,
      simulated: true,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      costUsd: 0,
      cached: false,
    });
  });

  it('puts texts that share words closer than texts that share none', async () => {
    const { embeddings } = (
      await embed(gateway, ['I would buy these boots for hiking', 'These hiking boots I would buy', 'Weather report for Tuesday'])
    ).json();
    expect(cosine(embeddings[0], embeddings[1])).toBeGreaterThan(0.5);
    expect(Math.abs(cosine(embeddings[0], embeddings[2]))).toBeLessThan(0.3);
  });

  it('ignores case and punctuation but not word order', () => {
    expect(embedText('Buy IT, now!')).toEqual(embedText('buy it now'));
    expect(embedText('buy it now')).not.toEqual(embedText('now it buy'));
    expect(cosine(embedText('buy it now'), embedText('now it buy'))).toBeGreaterThan(0.3);
  });

  it('reads words in any script, with their apostrophes', () => {
    expect(wordsOf("Je n’achèterai PAS l'été — Не куплю! 买不买")).toEqual(['je', "n'achèterai", 'pas', "l'été", 'не', 'куплю', '买不买']);
  });

  it('gives a text without words a fixed unit vector', async () => {
    const { embeddings } = (await embed(gateway, ['?!', '…'])).json();
    expect(embeddings[0]).toEqual(embeddings[1]);
    expect(norm(embeddings[0])).toBe(1);
  });
});
