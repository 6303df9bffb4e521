// Seeds and replays through the real routes and queues: the feedback-service, the ai-gateway as a
// child process with its response cache in the test database, and a fake LLM provider that answers
// at random, so equal answers in two sessions can only have come from the cache.
import { randomUUID } from 'node:crypto';

import { createActivePersonas, createUser, type RecordedRequest, tokenFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { isThemeRequest, randomAnswer, userPrompt } from './fake-answers.js';
import { createProduct, finishedSession, sessionResults, useFeedbackService } from './helper.js';

const stack = useFeedbackService({ fakeLlm: true, responseCache: true });
const app = () => stack.apps[0]!;
let owner: string;

beforeAll(async () => {
  owner = await createUser(app().db);
  stack.llm!.setFallback(randomAnswer);
});

const start = (body: object, userId = owner) =>
  app().inject({ method: 'POST', url: '/feedback-sessions', headers: tokenFor(userId), payload: body });
const replay = (id: string, userId = owner, headers: Record<string, string> = {}) =>
  app().inject({ method: 'POST', url: `/feedback-sessions/${id}/replay`, headers: { ...tokenFor(userId), ...headers } });

const finished = (id: string) => finishedSession(app(), owner, id);

async function run(body: object) {
  const res = await start(body);
  expect(res.statusCode).toBe(202);
  return finished(res.json().sessionId);
}

const chatRequests = () => stack.llm!.requests.filter((r) => r.path.endsWith('/chat/completions'));
const embeddingRequests = () => stack.llm!.requests.filter((r) => r.path.endsWith('/embeddings'));

/** A session's answers by pair, without the ids and times that differ between two sessions. */
async function answersByPair(session: { id: string }) {
  return Object.fromEntries(
    (await sessionResults(app(), owner, session.id)).map((r) => [
      `${r.productId}/${r.personaId}`,
      {
        status: r.status,
        feedback: r.feedback,
        purchaseIntent: r.purchaseIntent,
        keyConcerns: r.keyConcerns,
        purchaseStatement: r.purchaseStatement,
        ssr: r.ssr,
      },
    ]),
  );
}

/** The gateway's counter `name` for one operation, read from its /metrics. */
async function gatewayCounter(name: string, operation: string): Promise<number> {
  const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`operation="${operation}"`));
  return Number(line?.split(' ').at(-1) ?? 0);
}

async function study(products = 2, personas = 3) {
  const made = [];
  for (let i = 0; i < products; i += 1)
    made.push(await createProduct(app(), owner, { name: `Product ${i + 1} ${randomUUID().slice(0, 6)}` }));
  const panel = await createActivePersonas(app().db, owner, personas);
  return { productIds: made.map((p) => p.id), personaIds: panel.map((p) => p.id), language: 'en' };
}

describe('the seed of a session', () => {
  it('is stored as given, shown in the session view, and sent with every feedback and theme call', async () => {
    const before = chatRequests().length;
    const session = await run({ ...(await study(1, 2)), seed: 123456 });
    expect(session.status).toBe('COMPLETED');
    expect(session.seed).toBe(123456);
    const calls = chatRequests().slice(before);
    // Two pairs and the product's themes.
    expect(calls).toHaveLength(3);
    expect(calls.map((r) => r.body?.seed)).toEqual([123456, 123456, 123456]);
    expect(calls.filter(isThemeRequest)).toHaveLength(1);
  });

  it('is drawn at random when the start gives none', async () => {
    const body = await study(1, 1);
    const seeds = [(await run(body)).seed, (await run(body)).seed];
    for (const seed of seeds) {
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThan(2 ** 31);
    }
    // Two draws from 2^31 values agree once in two billion runs.
    expect(seeds[0]).not.toBe(seeds[1]);
  });

  it('is refused when it is not a non-negative 32-bit integer, naming the field', async () => {
    const body = await study(1, 1);
    for (const seed of [-1, 2.5, 2 ** 31, '7']) {
      const res = await start({ ...body, seed });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.json())).toContain('seed');
    }
  });
});

describe('a replay', () => {
  it('of an unchanged study gives identical results and insights without a single provider request', async () => {
    const original = await run(await study(2, 3));
    expect(original.status).toBe('COMPLETED');
    const chatBefore = chatRequests().length;
    const embeddingsBefore = embeddingRequests().length;
    const hits = {
      feedback: await gatewayCounter('ai_cache_hits_total', 'feedback'),
      themes: await gatewayCounter('ai_cache_hits_total', 'themes'),
    };

    const res = await replay(original.id);
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/feedback-sessions/${res.json().sessionId}`);
    expect(res.json().sessionId).not.toBe(original.id);
    const replayed = await finished(res.json().sessionId);

    expect(chatRequests()).toHaveLength(chatBefore);
    expect(embeddingRequests()).toHaveLength(embeddingsBefore);
    expect(replayed).toMatchObject({ status: 'COMPLETED', seed: original.seed, language: original.language, replayOf: original.id });
    expect(replayed.products).toEqual(original.products);
    expect(await answersByPair(replayed)).toEqual(await answersByPair(original));
    expect(Object.keys(await answersByPair(replayed))).toHaveLength(6);
    expect(replayed.insights).toEqual(original.insights);
    // Nothing was spent: cache hits are not model calls. The original paid for its six answers,
    // their embeddings and three theme calls.
    expect(original.usage.calls).toBeGreaterThanOrEqual(9);
    expect(replayed.usage).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unknownCostCalls: 0 });
    // Six pairs; themes of each product and overall.
    expect(await gatewayCounter('ai_cache_hits_total', 'feedback')).toBe(hits.feedback + 6);
    expect(await gatewayCounter('ai_cache_hits_total', 'themes')).toBe(hits.themes + 3);

    const report = await app().inject({ url: `/feedback-sessions/${replayed.id}/export?format=md`, headers: tokenFor(owner) });
    expect(report.body).toContain(`- Seed: ${original.seed} (a replay of ${original.id})`);
  });

  it('asks the provider again for exactly the pairs of a product edited in between, and the themes they feed', async () => {
    const body = await study(2, 3);
    const original = await run(body);
    const [kept, edited] = body.productIds as [string, string];
    await app().db.product.update({ where: { id: edited }, data: { description: 'Now with a titanium plate and a lifetime warranty.' } });
    const misses = await gatewayCounter('ai_cache_misses_total', 'feedback');
    const before = chatRequests().length;

    const replayed = await finished((await replay(original.id)).json().sessionId);
    const calls = chatRequests().slice(before);
    const feedbackCalls = calls.filter((r: RecordedRequest) => !isThemeRequest(r));
    expect(feedbackCalls).toHaveLength(3);
    expect(feedbackCalls.every((r) => userPrompt(r).includes('titanium plate'))).toBe(true);
    // The edited product's themes and the overall themes; the kept product's come from the cache.
    expect(calls.filter(isThemeRequest)).toHaveLength(2);
    expect(await gatewayCounter('ai_cache_misses_total', 'feedback')).toBe(misses + 3);

    const was = await answersByPair(original);
    const now = await answersByPair(replayed);
    for (const personaId of body.personaIds) {
      expect(now[`${kept}/${personaId}`]).toEqual(was[`${kept}/${personaId}`]);
      expect(now[`${edited}/${personaId}`]!.feedback).not.toBe(was[`${edited}/${personaId}`]!.feedback);
    }
    const themesOf = (session: typeof original, productId: string) =>
      session.insights.products.find((p: { productId: string }) => p.productId === productId).keyThemes;
    expect(themesOf(replayed, kept)).toEqual(themesOf(original, kept));
  });

  it('reuses the original personas instead of generating new ones', async () => {
    const body = await study(1, 2);
    const original = await run(body);
    const personasBefore = await app().db.persona.count({ where: { ownerId: owner } });
    const replayed = await finished((await replay(original.id)).json().sessionId);
    expect(new Set((await sessionResults(app(), owner, replayed.id)).map((r) => r.personaId))).toEqual(new Set(body.personaIds));
    expect(await app().db.persona.count({ where: { ownerId: owner } })).toBe(personasBefore);
  });

  it('of a study whose persona was deleted since is refused with 404 naming the persona, and starts nothing', async () => {
    const body = await study(1, 2);
    const original = await run(body);
    await app().db.persona.update({ where: { id: body.personaIds[1]! }, data: { deletedAt: new Date() } });
    const res = await replay(original.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toContain(body.personaIds[1]);
    expect(await app().db.feedbackSession.count({ where: { replayOfId: original.id } })).toBe(0);
  });

  it('honours an Idempotency-Key: the same key starts one session', async () => {
    const original = await run(await study(1, 1));
    const key = { 'idempotency-key': randomUUID() };
    const first = await replay(original.id, owner, key);
    const second = await replay(original.id, owner, key);
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(second.json().sessionId).toBe(first.json().sessionId);
    expect(await app().db.feedbackSession.count({ where: { replayOfId: original.id } })).toBe(1);
    await finished(first.json().sessionId);
  });

  it("of another user's session is not found, and starts nothing", async () => {
    const original = await run(await study(1, 1));
    const stranger = await createUser(app().db);
    const res = await replay(original.id, stranger);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect(await app().db.feedbackSession.count({ where: { replayOfId: original.id } })).toBe(0);
  });

  it('of a session still running is refused with 409', async () => {
    const running = await app().db.feedbackSession.create({ data: { ownerId: owner, language: 'en', status: 'IN_PROGRESS', seed: 5 } });
    const res = await replay(running.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/still running/) });
    expect(await app().db.feedbackSession.count({ where: { replayOfId: running.id } })).toBe(0);
  });

  it('of a session older than seeds is refused with 409: it cannot be repeated exactly', async () => {
    const old = await app().db.feedbackSession.create({ data: { ownerId: owner, language: 'en', status: 'COMPLETED', seed: null } });
    const res = await replay(old.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/before sessions had seeds/);
  });
});
