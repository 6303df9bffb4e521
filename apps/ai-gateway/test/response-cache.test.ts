// The response cache against a fake provider that answers at random: what is cached (a seed, or
// temperature 0), what it is keyed by, that only accepted answers are kept, metrics, and pruning.
import { randomInt } from 'node:crypto';

import { createDatabase, type Database } from '@persona-lab/db';
import type { App } from '@persona-lab/service-kit';
import { base64Embedding, type RecordedRequest, spyOnNamedStatements, testEnv, waitFor } from '@persona-lab/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { buildApp } from '../src/app.js';
import { readConfig, usesResponseCache } from '../src/config.js';
import { createResponseCache, type ResponseCache } from '../src/domain/response-cache.js';
import { asFloat32, FAKE_API_KEY, FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway } from './helper.js';

const gateway = useAiGateway({ database: true });
let database: Database;
let prisma: Database['prisma'];

beforeAll(() => {
  database = createDatabase({ url: gateway.database!.url, poolSize: 2 });
  prisma = database.prisma;
});
afterAll(async () => {
  await database.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});
beforeEach(async () => {
  await prisma.aiResponseCacheEntry.deleteMany();
  // Every chat request gets a fresh random answer: two equal answers can only come from the cache.
  gateway.fake.setFallback(randomFeedback);
});

function randomFeedback(): string {
  const token = randomInt(1e9).toString(36);
  return JSON.stringify({
    feedback: `Random thoughts ${token}.`,
    purchase_intent: randomInt(1, 11),
    key_concerns: [`concern ${token}`],
    purchase_statement: `I might buy it (${token}).`,
  });
}

/** A call, and its answer's write to the cache, which runs after the reply, settled. */
async function settled<T>(call: Promise<T>): Promise<T> {
  const response = await call;
  await gateway.app.responseCache.writesSettled();
  return response;
}
const feedbackReply = (body: object) =>
  gateway.app.inject({ method: 'POST', url: '/v1/feedback/generate', headers: SERVICE_HEADERS, payload: body });
const feedback = (body: object) => settled(feedbackReply(body));
const embed = (texts: string[]) =>
  settled(gateway.app.inject({ method: 'POST', url: '/v1/embeddings', headers: SERVICE_HEADERS, payload: { texts } }));
const chatRequests = () => gateway.fake.requests.filter((r: RecordedRequest) => r.path.endsWith('/chat/completions'));

/** A second gateway on the same fake provider and database, for settings of its own; the test closes it. */
const anotherGateway = (env: Record<string, string> = {}) =>
  buildApp(
    readConfig(
      testEnv({
        AI_PROVIDER: 'openrouter',
        OPENROUTER_BASE_URL: gateway.fake.baseUrl,
        OPENROUTER_API_KEY: FAKE_API_KEY,
        DATABASE_URL: gateway.database!.url,
        ...env,
      }),
    ),
  );
const feedbackFrom = (app: App, body: object) =>
  app.inject({ method: 'POST', url: '/v1/feedback/generate', headers: SERVICE_HEADERS, payload: body });
/** The statements named `name` that `app` has sent to the cache's database, by the keys each carried. */
function spyOnCacheStatements(app: App, name: 'response-cache-write' | 'response-cache-read-batch'): () => number[] {
  const statements = spyOnNamedStatements(app.responseCache.pool, name);
  return () => statements().map((config) => (config.values![0] as unknown[]).length);
}
const spyOnBatchWrites = (app: App) => spyOnCacheStatements(app, 'response-cache-write');
/** The stored feedback answers' texts, by key order. */
async function storedFeedback(): Promise<string[]> {
  const entries = await prisma.aiResponseCacheEntry.findMany({ orderBy: { key: 'asc' } });
  return entries.map((entry) => (JSON.parse((entry.answer as { content: string }).content) as { feedback: string }).feedback);
}

/** Holds the store's writes until the returned function is called; each then runs as it would have. */
function holdWrites(store: ResponseCache): () => void {
  const put = store.put.bind(store);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  vi.spyOn(store, 'put').mockImplementation(async (...args) => {
    await held;
    return put(...args);
  });
  return release;
}

async function metric(name: string, label: string): Promise<number> {
  const text = (await gateway.app.inject({ url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('the seed', () => {
  it('is sent to the provider as the seed parameter, and only when given', async () => {
    expect((await feedback({ ...FEEDBACK_REQUEST, seed: 4242 })).statusCode).toBe(200);
    expect((await feedback(FEEDBACK_REQUEST)).statusCode).toBe(200);
    expect(chatRequests().map((r) => r.body?.seed)).toEqual([4242, undefined]);
  });

  it('must be a non-negative 32-bit integer', async () => {
    for (const seed of [-1, 1.5, 2 ** 31]) {
      const res = await feedback({ ...FEEDBACK_REQUEST, seed });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/seed/);
    }
    expect(chatRequests()).toHaveLength(0);
  });
});

describe('a seeded call', () => {
  it('is answered from the cache the second time: the same answer, no request, marked cached with the original usage', async () => {
    const first = await feedback({ ...FEEDBACK_REQUEST, seed: 7 });
    const second = await feedback({ ...FEEDBACK_REQUEST, seed: 7 });
    expect(chatRequests()).toHaveLength(1);
    const { metadata: original, ...answer } = first.json();
    const { metadata: replayed, ...again } = second.json();
    expect(again).toEqual(answer);
    expect(original).toMatchObject({ cached: false, attempts: 1 });
    expect(replayed).toEqual({ ...original, attempts: 0, cached: true });
    expect(await prisma.aiResponseCacheEntry.count()).toBe(1);
  });

  it('is answered before its answer is stored; the next identical call finds the entry once it is', async () => {
    const { store } = gateway.app.responseCache;
    const release = holdWrites(store);

    const first = await feedbackReply({ ...FEEDBACK_REQUEST, seed: 41 });
    expect(first.statusCode).toBe(200);
    expect(first.json().metadata.cached).toBe(false);
    await waitFor('the answer to be written', async () => (vi.mocked(store.put).mock.calls.length === 1 ? true : undefined));
    expect(await prisma.aiResponseCacheEntry.count()).toBe(0);

    release();
    await gateway.app.responseCache.writesSettled();
    const second = await feedbackReply({ ...FEEDBACK_REQUEST, seed: 41 });
    expect(second.json()).toMatchObject({ feedback: first.json().feedback, metadata: { cached: true } });
    expect(chatRequests()).toHaveLength(1);
    expect(await prisma.aiResponseCacheEntry.count()).toBe(1);
  });

  it('is still stored when the gateway closes while the write runs', async () => {
    const app = await anotherGateway();
    const { store } = app.responseCache;
    const release = holdWrites(store);
    const reply = await feedbackFrom(app, { ...FEEDBACK_REQUEST, seed: 61 });
    expect(reply.statusCode).toBe(200);
    await waitFor('the answer to be written', async () => (vi.mocked(store.put).mock.calls.length === 1 ? true : undefined));

    const closed = app.close();
    release();
    await closed;
    expect(await prisma.aiResponseCacheEntry.count()).toBe(1);
  });

  it('is answered while earlier answers wait for their batch, and stored with them by one statement once the batch is full', async () => {
    const app = await anotherGateway({ AI_CACHE_WRITE_BATCH_SIZE: '3', AI_CACHE_WRITE_DELAY_MS: '60000' });
    try {
      const batchWrites = spyOnBatchWrites(app);
      const replies = [];
      for (const seed of [71, 72, 73]) {
        replies.push(await feedbackFrom(app, { ...FEEDBACK_REQUEST, seed }));
        if (seed !== 73) expect(await prisma.aiResponseCacheEntry.count()).toBe(0);
      }
      expect(replies.map((reply) => reply.statusCode)).toEqual([200, 200, 200]);
      await waitFor('the batch to be stored', async () => ((await prisma.aiResponseCacheEntry.count()) === 3 ? true : undefined));
      expect(batchWrites()).toEqual([3]);
      expect((await storedFeedback()).sort()).toEqual(replies.map((reply) => reply.json().feedback).sort());
    } finally {
      await app.close();
    }
  });

  it('stores the answers still waiting for their batch when the gateway closes', async () => {
    const app = await anotherGateway({ AI_CACHE_WRITE_DELAY_MS: '60000' });
    const reply = await feedbackFrom(app, { ...FEEDBACK_REQUEST, seed: 81 });
    expect(reply.statusCode).toBe(200);
    await app.close();
    expect(await storedFeedback()).toEqual([reply.json().feedback]);
  });

  it('keeps the later of two answers under one key that meet in a batch', async () => {
    const app = await anotherGateway({ AI_CACHE_WRITE_DELAY_MS: '60000' });
    const batchWrites = spyOnBatchWrites(app);
    const first = await feedbackFrom(app, { ...FEEDBACK_REQUEST, seed: 91 });
    const second = await feedbackFrom(app, { ...FEEDBACK_REQUEST, seed: 91 });
    // The first answer was not stored yet: the second call asked the provider again, for another answer.
    expect(chatRequests()).toHaveLength(2);
    expect(second.json().feedback).not.toBe(first.json().feedback);
    await app.close();
    expect(batchWrites()).toEqual([1]);
    expect(await storedFeedback()).toEqual([second.json().feedback]);
  });

  it('is looked up with the calls that arrive with it by one statement, each finding its own entry or none', async () => {
    const cached = await feedback({ ...FEEDBACK_REQUEST, seed: 101 });
    const reads = spyOnCacheStatements(gateway.app, 'response-cache-read-batch');
    const replies = await settled(Promise.all([101, 102, 101, 103].map((seed) => feedbackReply({ ...FEEDBACK_REQUEST, seed }))));

    expect(reads()).toEqual([4]);
    expect(replies.map((reply) => reply.json().metadata.cached)).toEqual([true, false, true, false]);
    expect(replies[0]!.json().feedback).toBe(cached.json().feedback);
    expect(replies[2]!.json().feedback).toBe(cached.json().feedback);
    expect(new Set(replies.map((reply) => reply.json().feedback)).size).toBe(3);
    // Seeds 102 and 103 went to the provider, after the one for 101 that filled the cache.
    expect(chatRequests().map((request) => request.body?.seed)).toEqual([101, 102, 103]);
  });

  it('answers as usual when its answer cannot be stored', async () => {
    vi.spyOn(gateway.app.responseCache.store, 'put').mockRejectedValue(new Error('the database is gone'));
    const first = await feedback({ ...FEEDBACK_REQUEST, seed: 51 });
    const second = await feedback({ ...FEEDBACK_REQUEST, seed: 51 });
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.json().metadata.cached).toBe(false);
    expect(chatRequests()).toHaveLength(2);
    expect(await prisma.aiResponseCacheEntry.count()).toBe(0);
  });

  it('stores on connections that do not wait for the commit to be flushed', async () => {
    const { rows } = await gateway.app.responseCache.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    expect(rows[0]?.synchronous_commit).toBe('off');
  });

  it('is looked up on a plan its connection made once, whatever the number of keys', async () => {
    // One connection, so the statistics below are those of the connection every lookup ran on.
    const app = await anotherGateway({ DATABASE_POOL_SIZE: '1' });
    try {
      for (const seed of [111, 112, 113, 114, 115, 116, 117])
        expect((await feedbackFrom(app, { ...FEEDBACK_REQUEST, seed })).statusCode).toBe(200);
      const { rows } = await app.responseCache.pool.query<{ generic_plans: string; custom_plans: string }>(
        `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'response-cache-read-batch'`,
      );
      expect(rows).toEqual([{ generic_plans: '7', custom_plans: '0' }]);
    } finally {
      await app.close();
    }
  });

  it('keeps looking entries up by key after the table grew from empty under the plan', async () => {
    const app = await anotherGateway({ DATABASE_POOL_SIZE: '1' });
    try {
      // The connection's one plan is made now, on an empty table, which a scan of every row serves as well as any.
      expect((await feedbackFrom(app, { ...FEEDBACK_REQUEST, seed: 121 })).statusCode).toBe(200);
      await app.responseCache.pool.query(
        `INSERT INTO ai_response_cache (key, operation, provider, model, answer)
         SELECT md5(i::text), 'feedback', 'bench', 'bench/model', '{}'::jsonb FROM generate_series(1, 5000) AS i`,
      );
      const { rows } = await app.responseCache.pool.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) EXECUTE "response-cache-read-batch"(ARRAY[md5('7')], now() - interval '1 day')`,
      );
      const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
      expect(plan).not.toContain('Seq Scan');
      expect(plan).toContain('"Index Name":"ai_response_cache_pkey"');
    } finally {
      await app.close();
    }
  });

  it('misses the cache when the seed, a message or the language differs', async () => {
    await feedback({ ...FEEDBACK_REQUEST, seed: 7 });
    await feedback({ ...FEEDBACK_REQUEST, seed: 8 });
    await feedback({ ...FEEDBACK_REQUEST, seed: 7, product: { ...FEEDBACK_REQUEST.product, price: '99.00' } });
    await feedback({ ...FEEDBACK_REQUEST, seed: 7, language: 'de' });
    expect(chatRequests()).toHaveLength(4);
    expect(await prisma.aiResponseCacheEntry.count()).toBe(4);
  });

  it('keeps only the accepted answer of a repaired exchange, and nothing of one that never became usable', async () => {
    gateway.fake.enqueue('not json at all');
    const repaired = await feedback({ ...FEEDBACK_REQUEST, seed: 11 });
    expect(repaired.json().metadata.attempts).toBe(2);
    const again = await feedback({ ...FEEDBACK_REQUEST, seed: 11 });
    expect(again.json().feedback).toBe(repaired.json().feedback);
    expect(chatRequests()).toHaveLength(2);

    gateway.fake.enqueue('no', 'still no', 'never');
    expect((await feedback({ ...FEEDBACK_REQUEST, seed: 12 })).statusCode).toBe(502);
    expect(await prisma.aiResponseCacheEntry.count({ where: { operation: 'feedback' } })).toBe(1);
  });

  it('replaces a stored answer that no longer passes validation with the next accepted one', async () => {
    const first = await feedback({ ...FEEDBACK_REQUEST, seed: 31 });
    const [entry] = await prisma.aiResponseCacheEntry.findMany();
    await prisma.aiResponseCacheEntry.update({
      where: { key: entry!.key },
      data: { answer: { ...(entry!.answer as object), content: '{"feedback": "no intent"}' } },
    });
    const second = await feedback({ ...FEEDBACK_REQUEST, seed: 31 });
    const third = await feedback({ ...FEEDBACK_REQUEST, seed: 31 });
    expect(chatRequests()).toHaveLength(2);
    expect(second.json().metadata.cached).toBe(false);
    expect(second.json().feedback).not.toBe(first.json().feedback);
    expect(third.json()).toMatchObject({ feedback: second.json().feedback, metadata: { cached: true } });
  });

  it('counts hits and misses by operation in /metrics', async () => {
    const hits = await metric('ai_cache_hits_total', 'operation="feedback"');
    const misses = await metric('ai_cache_misses_total', 'operation="feedback"');
    await feedback({ ...FEEDBACK_REQUEST, seed: 21 });
    await feedback({ ...FEEDBACK_REQUEST, seed: 21 });
    await feedback({ ...FEEDBACK_REQUEST, seed: 21 });
    expect(await metric('ai_cache_hits_total', 'operation="feedback"')).toBe(hits + 2);
    expect(await metric('ai_cache_misses_total', 'operation="feedback"')).toBe(misses + 1);
  });
});

describe('an unseeded call', () => {
  it('at a temperature above 0 is never cached: each call is a fresh sample', async () => {
    const first = await feedback(FEEDBACK_REQUEST);
    const second = await feedback(FEEDBACK_REQUEST);
    expect(chatRequests()).toHaveLength(2);
    expect(second.json().feedback).not.toBe(first.json().feedback);
    expect(await prisma.aiResponseCacheEntry.count()).toBe(0);
  });
});

describe('embeddings', () => {
  it('are cached whatever the seed: the same texts are not sent twice', async () => {
    const first = await embed(['I would buy it.', 'Never.']);
    const second = await embed(['I would buy it.', 'Never.']);
    await embed(['Never.']);
    expect(gateway.fake.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(2);
    expect(second.json().embeddings).toEqual(first.json().embeddings);
    expect(second.json().metadata).toMatchObject({ cached: true, attempts: 0 });
  });

  const embeddingsRequests = () => gateway.fake.requests.filter((r) => r.path.endsWith('/embeddings'));
  /** The one stored entry's answer, as PostgreSQL holds it. */
  const storedEmbeddings = async () => (await prisma.aiResponseCacheEntry.findFirstOrThrow({ where: { operation: 'embed' } })).answer;
  const replaceStoredEmbeddings = (answer: object) =>
    prisma.aiResponseCacheEntry.updateMany({ where: { operation: 'embed' }, data: { answer } });
  const USAGE = { promptTokens: 3, completionTokens: 0, totalTokens: 3 };

  it('are stored as packed floats, not numbers, and come back from the cache bit for bit', async () => {
    const vectors = [
      [0.1 + 0.2, -1e-300, 1 / 3, 123456.789],
      [5e-324, 1 - 2 ** -52, -0.5, 42],
    ];
    // A provider that answers numbers whatever it was asked (base64 would be 32-bit floats): 64-bit values reach the cache.
    gateway.fake.enqueueEmbeddings({ body: JSON.stringify({ data: vectors.map((embedding, index) => ({ index, embedding })) }) });
    const first = await embed(['Exact?', 'Yes.']);
    const stored = (await storedEmbeddings()) as Record<string, unknown>;
    expect(stored).not.toHaveProperty('vectors');
    expect(stored.packedVectors).toEqual([expect.any(String), expect.any(String)]);

    const second = await embed(['Exact?', 'Yes.']);
    expect(embeddingsRequests()).toHaveLength(1);
    expect(second.json().metadata).toMatchObject({ cached: true });
    expect(first.json().embeddings).toStrictEqual(vectors);
    expect(second.json().embeddings).toStrictEqual(vectors);
  });

  it('are stored as 32-bit floats when every value is one, as a provider’s base64 answer, and come back bit for bit', async () => {
    const vectors = [
      [0.1, -0.5, 1 / 3],
      [3.4e38, 1e-45, 0],
    ].map(asFloat32);
    gateway.fake.enqueueEmbeddings({ embeddings: vectors });
    const first = await embed(['Narrow?', 'Yes.']);
    const stored = (await storedEmbeddings()) as Record<string, unknown>;
    expect(stored).not.toHaveProperty('packedVectors');
    expect(stored.packedFloat32Vectors).toEqual(vectors.map((vector) => base64Embedding(vector)));

    const second = await embed(['Narrow?', 'Yes.']);
    expect(embeddingsRequests()).toHaveLength(1);
    expect(second.json().metadata).toMatchObject({ cached: true });
    expect(first.json().embeddings).toStrictEqual(vectors);
    expect(second.json().embeddings).toStrictEqual(vectors);
  });

  it('are still served from an entry stored before, with its vectors as numbers', async () => {
    await embed(['Old entry.']);
    await replaceStoredEmbeddings({ vectors: [[0.6, 0.8]], model: 'old-model', usage: USAGE, attempts: 1 });
    const again = await embed(['Old entry.']);
    expect(embeddingsRequests()).toHaveLength(1);
    expect(again.json()).toMatchObject({ embeddings: [[0.6, 0.8]], metadata: { cached: true, model: 'old-model' } });
  });

  it.each([
    ['not a whole number of floats', 'AAAA'],
    ['a float that is not finite', Buffer.from(new Float64Array([0.5, Number.NaN]).buffer).toString('base64')],
    ['not base64', 'not base64!'],
    ['no floats at all', ''],
    ['32-bit floats, not a whole number of them', 'AAAAAAA=', 'packedFloat32Vectors'],
    ['32-bit floats, not base64', 'not base64!', 'packedFloat32Vectors'],
    ['32-bit floats, none', '', 'packedFloat32Vectors'],
    ['32-bit floats, one not finite', base64Embedding([0.5, Number.POSITIVE_INFINITY]), 'packedFloat32Vectors'],
  ])('are asked of the provider again when the stored entry holds %s, and stored anew', async (_, packed, field = 'packedVectors') => {
    const first = await embed(['Broken entry.']);
    await replaceStoredEmbeddings({ [field]: [packed], model: 'm', usage: USAGE, attempts: 1 });
    const again = await embed(['Broken entry.']);
    expect(embeddingsRequests()).toHaveLength(2);
    expect(again.json().metadata).toMatchObject({ cached: false });
    expect(again.json().embeddings).toStrictEqual(first.json().embeddings);
    expect((await storedEmbeddings()) as object).not.toMatchObject({ [field]: [packed] });
    expect((await embed(['Broken entry.'])).json().metadata).toMatchObject({ cached: true });
  });
});

describe('pruning', () => {
  const WRITE_BATCH = { maxEntries: 64, maxDelayMs: 50 };
  const DAY = 24 * 60 * 60 * 1000;
  const now = new Date();
  const answer = { content: '{}', model: 'm', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, attempts: 1 };

  async function seedEntries(ageDays: number[]) {
    await prisma.aiResponseCacheEntry.createMany({
      data: ageDays.map((age, i) => ({
        key: `k${i}`,
        operation: 'feedback',
        provider: 'openrouter',
        model: 'm',
        answer,
        createdAt: new Date(now.getTime() - age * DAY),
      })),
    });
  }
  const keys = async () => (await prisma.aiResponseCacheEntry.findMany({ orderBy: { key: 'asc' } })).map((e) => e.key);

  it('deletes entries older than the age limit, and never serves them before', async () => {
    await seedEntries([1, 29, 31, 400]);
    const cache = createResponseCache(database.pool, { maxAgeDays: 30, maxEntries: 100 }, WRITE_BATCH);
    expect(await cache.getChat('k2')).toBeUndefined();
    expect(await cache.prune(now)).toBe(2);
    expect(await keys()).toEqual(['k0', 'k1']);
  });

  it('keeps only the newest entries up to the count limit', async () => {
    await seedEntries([5, 1, 4, 2, 3]);
    const cache = createResponseCache(database.pool, { maxAgeDays: 30, maxEntries: 3 }, WRITE_BATCH);
    expect(await cache.prune(now)).toBe(2);
    // The three youngest: 1, 2 and 3 days old.
    expect(await keys()).toEqual(['k1', 'k3', 'k4']);
  });
});

describe('readiness', () => {
  it('is ready when the cache database answers', async () => {
    const res = await gateway.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'up' } });
  });

  it('is not ready while the cache database does not answer', async () => {
    const unreachable = new URL(gateway.database!.url);
    unreachable.port = '1';
    const app = await buildApp(readConfig(testEnv({ DATABASE_URL: unreachable.toString() })));
    try {
      const res = await app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', checks: { database: 'down' } });
    } finally {
      await app.close();
    }
  });
});

describe('configuration', () => {
  it('turns the cache off with AI_CACHE_ENABLED=false, or without a database', () => {
    const url = gateway.database!.url;
    expect(usesResponseCache(readConfig(testEnv({ DATABASE_URL: url })))).toBe(true);
    expect(usesResponseCache(readConfig(testEnv({ DATABASE_URL: url, AI_CACHE_ENABLED: 'false' })))).toBe(false);
    expect(usesResponseCache(readConfig(testEnv()))).toBe(false);
  });
});
