// A feedback with its purchase statement's embedding (`embedStatement`): one exchange for what were
// two, the embedding run and recorded as a separate embed call would be, its failure reported
// beside a feedback that stands, the option validated, and the same cache entries either way.
import { AI_GATEWAY_ROUTES } from '@persona-lab/contracts';
import type { RecordedRequest } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { asFloat32, FEEDBACK_ANSWER, FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway, vectorOf } from './helper.js';

type Gateway = { app: ReturnType<typeof useAiGateway>['app'] };

const STATEMENT = JSON.parse(FEEDBACK_ANSWER).purchase_statement as string;

function feedback(gateway: Gateway, body: object) {
  return gateway.app.inject({ method: 'POST', url: AI_GATEWAY_ROUTES.generateFeedback, headers: SERVICE_HEADERS, payload: body });
}

/** The statement embedded by the embed operation on its own. */
function embedStatementAlone(gateway: Gateway) {
  return gateway.app.inject({ method: 'POST', url: AI_GATEWAY_ROUTES.embed, headers: SERVICE_HEADERS, payload: { texts: [STATEMENT] } });
}

const withEmbedding = (timeoutMs = 5_000) => ({ ...FEEDBACK_REQUEST, embedStatement: { timeoutMs } });

const pathsOf = (requests: RecordedRequest[]) => requests.map((r) => r.path);

/** The value of the sample of `name` that has every one of `labels`, or 0. */
async function metric(gateway: Gateway, name: string, labels: string): Promise<number> {
  const text = (await gateway.app.inject({ url: '/metrics' })).body;
  const wanted = labels.split(',');
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((label) => l.slice(0, l.lastIndexOf('}')).includes(label)));
  return Number(line?.split(' ').at(-1) ?? 0);
}

const EMBED = 'provider="openrouter",operation="embed"';

describe('feedback with the statement embedding, over OpenRouter', () => {
  const gateway = useAiGateway();

  it('answers the feedback and the vector of its purchase statement, with the embedding call’s own metadata', async () => {
    gateway.fake.enqueue(FEEDBACK_ANSWER);
    gateway.fake.enqueueEmbeddings({ embeddings: [[0.6, 0.8]], usage: { prompt_tokens: 21, total_tokens: 21 }, model: 'vendor/e-1' });
    const res = await feedback(gateway, withEmbedding());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ purchase_intent: 7, purchase_statement: STATEMENT, metadata: { model: 'test/model', attempts: 1 } });
    expect(vectorOf(body.statementEmbedding)).toEqual(asFloat32([0.6, 0.8]));
    expect(body.statementEmbedding).toEqual({
      packedVector: expect.any(String),
      metadata: {
        provider: 'openrouter',
        model: 'vendor/e-1',
        attempts: 1,
        simulated: false,
        usage: { promptTokens: 21, completionTokens: 0, totalTokens: 21 },
        costUsd: null,
        cached: false,
      },
    });
    // The chat call, then the statement's embedding as the embed operation sends it.
    expect(pathsOf(gateway.fake.requests)).toEqual(['/v1/chat/completions', '/v1/embeddings']);
    expect(gateway.fake.requests[1]!.body).toEqual({
      model: 'openai/text-embedding-3-small',
      input: [STATEMENT],
      encoding_format: 'base64',
    });
  });

  it('records the embedding in the metrics as an embed call of its own', async () => {
    const before = await metric(gateway, 'ai_calls_total', `${EMBED},outcome="ok"`);
    const tokensBefore = await metric(gateway, 'ai_tokens_total', `${EMBED},kind="prompt"`);
    gateway.fake.enqueue(FEEDBACK_ANSWER);
    gateway.fake.enqueueEmbeddings({ usage: { prompt_tokens: 13, total_tokens: 13 } });
    expect((await feedback(gateway, withEmbedding())).statusCode).toBe(200);
    expect(await metric(gateway, 'ai_calls_total', `${EMBED},outcome="ok"`)).toBe(before + 1);
    expect(await metric(gateway, 'ai_tokens_total', `${EMBED},kind="prompt"`)).toBe(tokensBefore + 13);
  });

  it('answers 200 with the feedback and the embedding’s failure when the provider refuses the embedding', async () => {
    const failedBefore = await metric(gateway, 'ai_calls_total', `${EMBED},outcome="provider"`);
    gateway.fake.enqueue(FEEDBACK_ANSWER);
    gateway.fake.enqueueEmbeddings({ status: 400, body: JSON.stringify({ error: { message: 'input refused' } }) });
    const res = await feedback(gateway, withEmbedding());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ purchase_intent: 7, purchase_statement: STATEMENT, metadata: { attempts: 1 } });
    expect(res.json().statementEmbedding).toEqual({
      failure: { kind: 'provider', message: expect.stringContaining('HTTP 400') },
    });
    expect(await metric(gateway, 'ai_calls_total', `${EMBED},outcome="provider"`)).toBe(failedBefore + 1);
  });

  it('reports a timeout when the embedding takes longer than asked, and still answers the feedback', async () => {
    gateway.fake.enqueue(FEEDBACK_ANSWER);
    gateway.fake.setEmbeddingsFallback({ delayMs: 2_000 });
    const started = performance.now();
    const res = await feedback(gateway, withEmbedding(150));
    expect(res.statusCode).toBe(200);
    expect(res.json().statementEmbedding).toEqual({ failure: { kind: 'timeout', message: expect.stringContaining('150 ms') } });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('sends no embedding request and no statementEmbedding when the option is absent', async () => {
    gateway.fake.enqueue(FEEDBACK_ANSWER);
    const res = await feedback(gateway, FEEDBACK_REQUEST);
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('statementEmbedding');
    expect(pathsOf(gateway.fake.requests)).toEqual(['/v1/chat/completions']);
  });

  it('embeds nothing when the feedback fails', async () => {
    gateway.fake.enqueue({ status: 401, body: '{"error":{"message":"bad key"}}' });
    const res = await feedback(gateway, withEmbedding());
    expect(res.statusCode).toBe(502);
    expect(pathsOf(gateway.fake.requests)).toEqual(['/v1/chat/completions']);
  });

  it.each([
    ['a timeout below 100 ms', { timeoutMs: 99 }, 'body/embedStatement/timeoutMs'],
    ['a timeout above 120 s', { timeoutMs: 120_001 }, 'body/embedStatement/timeoutMs'],
    ['a fractional timeout', { timeoutMs: 1_000.5 }, 'body/embedStatement/timeoutMs'],
    ['no timeout', {}, 'body/embedStatement'],
    ['an unknown field', { timeoutMs: 1_000, model: 'x' }, 'body/embedStatement'],
  ])('refuses %s with 400 problem+json naming the field, without calling the provider', async (_, embedStatement, field) => {
    const res = await feedback(gateway, { ...FEEDBACK_REQUEST, embedStatement });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(res.json().errors[0].field).toMatch(new RegExp(`^${field}`));
    expect(gateway.fake.requests).toHaveLength(0);
  });
});

describe('feedback with the statement embedding, with the response cache', () => {
  const gateway = useAiGateway({ database: true });
  const seeded = { ...FEEDBACK_REQUEST, seed: 42 };

  it('caches the embedding under the embed operation’s key and the feedback as without the option', async () => {
    gateway.fake.enqueue(FEEDBACK_ANSWER);
    const first = await feedback(gateway, { ...seeded, embedStatement: { timeoutMs: 5_000 } });
    expect(first.json().statementEmbedding.metadata.cached).toBe(false);
    await gateway.app.responseCache.writesSettled();

    // The same feedback without the option, and the statement embedded on its own: both from the cache.
    const again = await feedback(gateway, seeded);
    expect(again.json()).toMatchObject({ purchase_statement: STATEMENT, metadata: { cached: true } });
    const separate = await embedStatementAlone(gateway);
    expect(separate.json()).toMatchObject({ embeddings: [vectorOf(first.json().statementEmbedding)], metadata: { cached: true } });
    expect(pathsOf(gateway.fake.requests)).toEqual(['/v1/chat/completions', '/v1/embeddings']);
  });

  it('reads the statement’s embedding from the cache only for a feedback that came from it', async () => {
    const otherSeed = { ...FEEDBACK_REQUEST, seed: 43 };
    // The statement's embedding in the cache (already there if the test above ran first).
    const embedded = await embedStatementAlone(gateway);
    expect(embedded.statusCode).toBe(200);
    await gateway.app.responseCache.writesSettled();
    const before = gateway.fake.requests.length;

    // A feedback the model has just written: its statement is embedded by the provider, though cached.
    gateway.fake.enqueue(FEEDBACK_ANSWER);
    const fresh = await feedback(gateway, { ...otherSeed, embedStatement: { timeoutMs: 5_000 } });
    expect(fresh.json()).toMatchObject({ metadata: { cached: false }, statementEmbedding: { metadata: { cached: false, attempts: 1 } } });
    expect(pathsOf(gateway.fake.requests.slice(before))).toEqual(['/v1/chat/completions', '/v1/embeddings']);
    await gateway.app.responseCache.writesSettled();

    // The same feedback again comes from the cache, and so does its statement's embedding.
    const replayed = await feedback(gateway, { ...otherSeed, embedStatement: { timeoutMs: 5_000 } });
    expect(replayed.json()).toMatchObject({ metadata: { cached: true }, statementEmbedding: { metadata: { cached: true, attempts: 0 } } });
    expect(vectorOf(replayed.json().statementEmbedding)).toEqual(vectorOf(fresh.json().statementEmbedding));
    expect(gateway.fake.requests).toHaveLength(before + 2);
  });
});

describe('feedback with the statement embedding, offline', () => {
  const gateway = useAiGateway({ offline: true });

  it('draws the same feedback with or without the option', async () => {
    const seeded = { ...FEEDBACK_REQUEST, seed: 7 };
    const plain = (await feedback(gateway, seeded)).json();
    const embedded = (await feedback(gateway, { ...seeded, embedStatement: { timeoutMs: 1_000 } })).json();
    const { statementEmbedding, ...answer } = embedded;
    expect(answer).toEqual(plain);
    expect(vectorOf(statementEmbedding)).toHaveLength(512);
    expect(statementEmbedding.metadata).toMatchObject({ provider: 'offline', simulated: true, attempts: 1 });
  });
});
