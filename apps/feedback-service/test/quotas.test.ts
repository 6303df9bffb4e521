// Per-user limits of a session start and of progress streams (issue 11, quotas): over a limit the
// answer is 429 QUOTA_EXCEEDED naming the limit, and nothing is started or stored.
import { createActivePersonas, createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { isThemeRequest, scriptedAnswer } from './fake-answers.js';
import { createProduct, finishedSession, useFeedbackService } from './helper.js';

const stack = useFeedbackService({
  fakeLlm: true,
  env: { QUOTA_RUNNING_SESSIONS: '2', QUOTA_LLM_CALLS_PER_DAY: '50', QUOTA_PROGRESS_STREAMS: '2' },
});
let address: string;

beforeAll(async () => {
  address = await app().listen({ host: '127.0.0.1', port: 0 });
});
beforeEach(() => {
  stack.llm!.reset();
  stack.llm!.setFallback(scriptedAnswer);
});

const app = () => stack.apps[0]!;
/** Feedback answers held for a while, so sessions stay running during a test. */
const slowFeedback = (delayMs: number) =>
  stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : delayMs }));

async function userWith(products: number, personas: number, productName = 'Product') {
  const owner = await createUser(app().db);
  const productIds: string[] = [];
  for (let i = 0; i < products; i += 1) productIds.push((await createProduct(app(), owner, { name: `${productName} ${i}` })).id);
  const personaIds = (await createActivePersonas(app().db, owner, personas)).map((p) => p.id);
  return { owner, productIds, personaIds };
}

const start = (owner: string, productIds: string[], personaIds: string[]) =>
  app().inject({
    method: 'POST',
    url: '/feedback-sessions',
    headers: tokenFor(owner),
    payload: { productIds, personaIds, language: 'en' },
  });

const usedToday = async (owner: string) => (await app().db.llmUsageDaily.findFirst({ where: { userId: owner } }))?.calls ?? 0;

const finished = (owner: string, id: string) => finishedSession(app(), owner, id);

describe('running sessions per user', () => {
  it('refuses a third running session with 429 and stores nothing for it', async () => {
    slowFeedback(3_000);
    const { owner, productIds, personaIds } = await userWith(1, 1);
    expect((await start(owner, productIds, personaIds)).statusCode).toBe(202);
    expect((await start(owner, productIds, personaIds)).statusCode).toBe(202);
    const usage = await usedToday(owner);

    const refused = await start(owner, productIds, personaIds);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'QUOTA_EXCEEDED', limit: 'running-sessions' });
    expect(await app().db.feedbackSession.count({ where: { ownerId: owner } })).toBe(2);
    expect(await usedToday(owner)).toBe(usage);
  });

  it('lets a new session start once one of the running ones is cancelled', async () => {
    slowFeedback(3_000);
    const { owner, productIds, personaIds } = await userWith(1, 1);
    const first = (await start(owner, productIds, personaIds)).json().sessionId as string;
    expect((await start(owner, productIds, personaIds)).statusCode).toBe(202);
    expect((await start(owner, productIds, personaIds)).statusCode).toBe(429);

    const cancel = await app().inject({ method: 'POST', url: `/feedback-sessions/${first}/cancel`, headers: tokenFor(owner) });
    expect(cancel.statusCode).toBe(200);
    expect((await start(owner, productIds, personaIds)).statusCode).toBe(202);
  });

  it('accepts exactly as many of five simultaneous starts as the limit allows', async () => {
    slowFeedback(3_000);
    const { owner, productIds, personaIds } = await userWith(1, 1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => start(owner, productIds, personaIds)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 202, 429, 429, 429]);
    expect(await app().db.feedbackSession.count({ where: { ownerId: owner } })).toBe(2);
    // The refused starts gave their calls back: two sessions of 1 feedback + 1 theme call each.
    expect(await usedToday(owner)).toBe(4);
  });

  it('does not count another user’s running sessions', async () => {
    slowFeedback(3_000);
    const busy = await userWith(1, 1);
    await start(busy.owner, busy.productIds, busy.personaIds);
    await start(busy.owner, busy.productIds, busy.personaIds);
    const other = await userWith(1, 1);
    expect((await start(other.owner, other.productIds, other.personaIds)).statusCode).toBe(202);
  });
});

describe('model calls per day', () => {
  it('reserves a session’s calls up front and refuses a start that would pass the daily budget', async () => {
    const { owner, productIds, personaIds } = await userWith(2, 20);
    // 2 products × 20 personas = 40 feedback calls, plus 2 + 1 theme calls.
    const first = await start(owner, productIds, personaIds);
    expect(first.statusCode).toBe(202);
    expect(await usedToday(owner)).toBe(43);
    await finished(owner, first.json().sessionId);

    // 1 × 7 + 1 = 8 more would make 51 of 50.
    const refused = await start(owner, productIds.slice(0, 1), personaIds.slice(0, 7));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'llm-calls-per-day' });
    expect(refused.json().detail).toContain('7 of the 50');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(await usedToday(owner)).toBe(43);
    expect(await app().db.feedbackSession.count({ where: { ownerId: owner } })).toBe(1);

    // 1 × 6 + 1 = 7 fits exactly.
    const fits = await start(owner, productIds.slice(0, 1), personaIds.slice(0, 6));
    expect(fits.json()).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await usedToday(owner)).toBe(50);
    await finished(owner, fits.json().sessionId);
  });

  it('refuses a single request that alone needs more calls than a day allows', async () => {
    const { owner, productIds, personaIds } = await userWith(3, 20);
    const refused = await start(owner, productIds, personaIds); // 60 + 4 calls
    expect(refused.statusCode).toBe(429);
    expect(refused.json().limit).toBe('llm-calls-per-day');
    expect(await usedToday(owner)).toBe(0);
    expect(await app().db.feedbackResult.count({ where: { session: { ownerId: owner } } })).toBe(0);
  });

  it('answers 401 for a token of a deactivated or unknown account, before any model call', async () => {
    // Sessions of earlier tests may still be answering: the model calls that count are about this product.
    const productName = 'Deactivated owner’s product';
    const { owner, productIds, personaIds } = await userWith(1, 1, productName);
    await app().db.user.update({ where: { id: owner }, data: { isActive: false } });
    const inactive = await start(owner, productIds, personaIds);
    expect(inactive.statusCode).toBe(401);
    expect(inactive.json().code).toBe('UNAUTHORIZED');

    const unknown = await start('0b6f3c1e-8a51-4f57-9d3e-6f1f9c2b7a10', productIds, personaIds);
    expect(unknown.statusCode).toBe(401);
    expect(await app().db.feedbackSession.count({ where: { ownerId: owner } })).toBe(0);
    expect(await usedToday(owner)).toBe(0);
    expect(stack.llm!.requests.filter((request) => request.rawBody.includes(productName))).toHaveLength(0);
  });
});

describe('progress streams per user', () => {
  it('refuses a third open stream with 429 and accepts one again after a stream closes', async () => {
    slowFeedback(10_000);
    const { owner, productIds, personaIds } = await userWith(1, 1);
    const sessionId = (await start(owner, productIds, personaIds)).json().sessionId as string;
    const open = (signal?: AbortSignal) => fetch(`${address}/feedback-sessions/${sessionId}/events`, { headers: tokenFor(owner), signal });

    const first = new AbortController();
    const streams = [await open(first.signal), await open()];
    expect(streams.map((s) => s.status)).toEqual([200, 200]);

    const third = await open();
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'progress-streams' });

    first.abort();
    const again = await waitFor('a stream slot to be given back', async () => {
      const attempt = await open();
      if (attempt.status === 200) return attempt;
      await attempt.body?.cancel();
      return undefined;
    });
    expect(again.status).toBe(200);
    await Promise.all([streams[1]!.body?.cancel(), again.body?.cancel()]);
  });
});

describe('a budget without known prices', () => {
  it('is refused with 400 naming maxCostUsd, before anything is started or reserved', async () => {
    // This gateway has no AI_MODEL_PRICES: the cost of its calls is unknown, so no budget can hold.
    const { owner, productIds, personaIds } = await userWith(1, 2);
    const res = await app().inject({
      method: 'POST',
      url: '/feedback-sessions',
      headers: tokenFor(owner),
      payload: { productIds, personaIds, language: 'en', maxCostUsd: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringContaining('maxCostUsd') });
    expect(res.json().detail).toContain('gpt-4o-mini');
    expect(await app().db.feedbackSession.count({ where: { ownerId: owner } })).toBe(0);
    expect(await app().db.llmUsageDaily.count({ where: { userId: owner } })).toBe(0);
  });
});
