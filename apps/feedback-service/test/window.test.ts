// Fair sharing (issue 17): a session has at most SESSION_MAX_IN_FLIGHT feedback tasks in flight, the
// rest wait in its queue and are published as results finish. Every pair is still answered once over
// several instances and redelivery, a small session's tasks go out at once behind at most a window of
// a large one's, cancel stops the refills, and an instance start refills a window left stranded.
import { FeedbackGenerationTask, SESSION_MAX_PERSONAS } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { createUser, type RecordedRequest, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { generateResult } from '../src/domain/result-generation.js';
import { callsPerMarker, createCallCounter, isThemeRequest, scriptedAnswer, userPrompt } from './fake-answers.js';
import { createProduct, deliveryAttempt, tasksPublished, useFeedbackService } from './helper.js';

const WINDOW = 4;
const stack = useFeedbackService({ fakeLlm: true, instances: 2, env: { SESSION_MAX_IN_FLIGHT: String(WINDOW) } });
let owner: string;
const app = () => stack.apps[0]!;

/** Feedback calls in flight at the provider, per bio marker prefix ("big-", "small-"), and the most seen. */
const calls = createCallCounter();

/** Every feedback answer takes `delayMs`; counts the calls in flight per group of bio markers. */
const slowFeedback = (delayMs: number) => stack.llm!.setFallback(calls.answerAfter(delayMs, (request) => !isThemeRequest(request)));

beforeAll(async () => {
  owner = await createUser(app().db);
});
beforeEach(() => {
  stack.llm!.reset();
  calls.reset();
});

async function personas(group: string, count: number) {
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  await app().db.persona.createMany({
    data: ids.map((id, i) => ({
      id,
      ownerId: owner,
      status: 'ACTIVE' as const,
      name: `${group} ${i}`,
      detailedBio: `Persona (${group}-${i}) intent=${1 + (i % 10)}.`,
      productAttitudes: 'Careful buyer.',
    })),
  });
  return ids;
}

async function start(productIds: string[], personaIds: string[]) {
  const res = await app().inject({
    method: 'POST',
    url: '/feedback-sessions',
    headers: tokenFor(owner),
    payload: { productIds, personaIds, language: 'en' },
  });
  expect(res.statusCode).toBe(202);
  return res.json().sessionId as string;
}

const finished = (id: string, timeoutMs = 60_000) =>
  waitFor(
    `session ${id} to finish`,
    async () => {
      const row = await app().db.feedbackSession.findUniqueOrThrow({ where: { id } });
      return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(row.status) ? row : undefined;
    },
    { timeoutMs },
  );

/** Feedback tasks confirmed by the broker, summed over the given instances. */
const feedbackTasksPublished = (instances: App[] = stack.apps) => tasksPublished(FeedbackGenerationTask, instances);

/** Provider calls per pair marker ("big-3"): the feedback requests whose prompt carries it. */
const callsPerPair = (group: string) => callsPerMarker(stack.llm!.requests, group, (request) => !isThemeRequest(request));

/** A session's tasks published and not finished: what its window holds. */
const inWindow = (sessionId: string) =>
  app().db.feedbackResult.count({ where: { sessionId, status: { in: ['PENDING', 'IN_PROGRESS'] }, dispatchedAt: { not: null } } });

describe('a per-session window of feedback tasks in flight', () => {
  it('answers every pair of a session larger than the window exactly once across instances, one of them stopped mid-way', async () => {
    const product = await createProduct(app(), owner);
    const ids = await personas('big', 24);
    slowFeedback(150);
    const extra = await stack.addInstance();
    const publishedBefore = await feedbackTasksPublished();
    const sessionId = await start([product.id], ids);

    // Stop one consumer while the session runs: what it holds unacknowledged is redelivered to the others.
    await waitFor('a few results', async () => (await app().db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } })) >= 6);
    stack.apps.splice(stack.apps.indexOf(extra), 1);
    await extra.close();
    const session = await finished(sessionId);

    expect(session.status).toBe('COMPLETED');
    const perPair = callsPerPair('big');
    expect(perPair.size).toBe(24);
    expect([...perPair.values()].every((n) => n === 1)).toBe(true);
    expect(calls.mostInFlight.get('big')).toBe(WINDOW);
    expect((await feedbackTasksPublished([...stack.apps, extra])) - publishedBefore).toBe(24);
    const rows = await app().db.feedbackResult.findMany({ where: { sessionId } });
    expect(rows.every((r) => r.status === 'COMPLETED' && r.attempts === 1 && r.dispatchedAt && r.queuedAt === null)).toBe(true);
  });

  it("gives each finished result's place in the window to the next queued pair, keeping the window full", async () => {
    const product = await createProduct(app(), owner);
    const ids = await personas('refill', 3 * WINDOW);
    slowFeedback(200);
    const sessionId = await start([product.id], ids);
    // The start fills the window; count only the calls its finished results' places were given to.
    await waitFor('the first window to finish', async () => {
      const done = await app().db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } });
      return done >= WINDOW;
    });
    calls.mostInFlight = new Map();
    const session = await finished(sessionId);

    expect(session.status).toBe('COMPLETED');
    expect(calls.mostInFlight.get('refill')).toBe(WINDOW);
    expect([...callsPerPair('refill').values()].every((n) => n === 1)).toBe(true);
  });

  it("gives finished results' places to the pairs behind a queue head another take holds, keeping the window full", async () => {
    const product = await createProduct(app(), owner);
    const ids = await personas('race', 3 * WINDOW);
    slowFeedback(600);
    const sessionId = await start([product.id], ids);
    await waitFor('the window to fill', async () => (await inWindow(sessionId)) === WINDOW);

    // Stand in for a take that holds the queue's head (a result finishing at the same moment, a refill).
    const rival = await app().feedback.pg.connect();
    try {
      await rival.query('BEGIN');
      const { rows } = await rival.query<{ id: string }>(
        'SELECT id FROM feedback_results WHERE session_id = $1 AND queued_at IS NOT NULL ORDER BY queued_at, id LIMIT 1 FOR UPDATE',
        [sessionId],
      );
      const head = rows[0]!.id;
      // The window's results finish while the head is held: each store takes the next pair instead of waiting on it.
      await waitFor('the first window to finish', async () => {
        const done = await app().db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } });
        return done >= WINDOW;
      });
      await waitFor('the window to be full again', async () => (await inWindow(sessionId)) === WINDOW, { timeoutMs: 500 });
      const held = await app().db.feedbackResult.findUniqueOrThrow({ where: { id: head } });
      expect(held.queuedAt).not.toBeNull();
      expect(held.dispatchedAt).toBeNull();
      await rival.query('UPDATE feedback_results SET dispatched_at = now(), queued_at = NULL WHERE id = $1', [head]);
      await rival.query('COMMIT');
      await app().broker.publish(FeedbackGenerationTask, { resultId: head, sessionId }, { requestId: 'rival' });
    } finally {
      rival.release();
    }

    expect((await finished(sessionId)).status).toBe('COMPLETED');
    expect([...callsPerPair('race').values()].every((n) => n === 1)).toBe(true);
    expect(callsPerPair('race').size).toBe(3 * WINDOW);
  });

  it('gives no place in the window for an answer whose claim was taken over', async () => {
    const product = await createProduct(app(), owner);
    const ids = await personas('overtaken', 3 * WINDOW);
    // The taking over call answers last, so the first claim's answer comes back while it runs.
    const asked = new Set<string>();
    stack.llm!.setFallback((request: RecordedRequest) => {
      if (isThemeRequest(request)) return scriptedAnswer(request);
      const marker = /\((overtaken-\d+)\)/.exec(userPrompt(request))?.[1] ?? 'other';
      const again = asked.has(marker);
      asked.add(marker);
      return { ...scriptedAnswer(request), delayMs: again ? 1_500 : 300 };
    });
    const sessionId = await start([product.id], ids);
    const claimed = await waitFor(
      'a claimed result',
      async () => (await app().db.feedbackResult.findFirst({ where: { sessionId, status: 'IN_PROGRESS' } })) ?? undefined,
    );

    const takeover = generateResult(app().feedback, claimed.id, deliveryAttempt(app(), 2));
    let settled = false;
    void takeover.finally(() => (settled = true)).catch(() => undefined);
    let most = 0;
    while (!settled) most = Math.max(most, await inWindow(sessionId));

    expect(await takeover).toBe('completed');
    expect(most).toBeLessThanOrEqual(WINDOW);
    expect((await finished(sessionId)).status).toBe('COMPLETED');
  });

  it('dispatches a small session at once while a large one runs, behind at most a window of its tasks', async () => {
    const product = await createProduct(app(), owner);
    const bigIds = await personas('big', 40);
    const smallIds = await personas('small', 2);
    slowFeedback(300);
    const big = await start([product.id], bigIds);
    await waitFor('the large session to run', async () => (await inWindow(big)) === WINDOW);

    const small = await start([product.id], smallIds);
    // Its tasks are published by the start itself, while most of the large session still waits in its queue.
    const smallRows = await app().db.feedbackResult.findMany({ where: { sessionId: small } });
    expect(smallRows.every((r) => r.dispatchedAt !== null)).toBe(true);
    expect(await app().db.feedbackResult.count({ where: { sessionId: big, dispatchedAt: null } })).toBeGreaterThanOrEqual(40 - 2 * WINDOW);
    const smallDone = await finished(small);
    const bigDone = await finished(big);
    expect(smallDone.status).toBe('COMPLETED');
    expect(bigDone.status).toBe('COMPLETED');

    // The large session's tasks ahead of the small one's: published before them and not finished then.
    const smallDispatched = Math.max(...smallRows.map((r) => r.dispatchedAt!.getTime()));
    const bigRows = await app().db.feedbackResult.findMany({ where: { sessionId: big } });
    const ahead = bigRows.filter((r) => r.dispatchedAt!.getTime() <= smallDispatched && r.completedAt!.getTime() > smallDispatched);
    expect(ahead.length).toBeLessThanOrEqual(WINDOW);
    // And the small session finished while pairs of the large one still waited to be published.
    expect(bigRows.filter((r) => r.dispatchedAt!.getTime() > smallDone.completedAt!.getTime()).length).toBeGreaterThan(0);
    expect([...callsPerPair('big').values()].every((n) => n === 1)).toBe(true);
    expect(calls.mostInFlight.get('big')).toBeLessThanOrEqual(WINDOW);
  });

  it('cancels a session with a partly filled window: its queued pairs are never published', async () => {
    const product = await createProduct(app(), owner);
    const ids = await personas('cancel', 20);
    slowFeedback(400);
    const publishedBefore = await feedbackTasksPublished();
    const sessionId = await start([product.id], ids);
    await waitFor('the window to fill', async () => (await inWindow(sessionId)) === WINDOW);

    const res = await app().inject({ method: 'POST', url: `/feedback-sessions/${sessionId}/cancel`, headers: tokenFor(owner) });
    expect(res.statusCode).toBe(200);
    const settled = await waitFor('the window to drain', async () => {
      const rows = await app().db.feedbackResult.findMany({ where: { sessionId } });
      return rows.every((r) => r.status !== 'PENDING' && r.status !== 'IN_PROGRESS') ? rows : undefined;
    });

    // Only the window's tasks were ever published: the 16 waiting pairs were dropped, not published.
    expect((await feedbackTasksPublished()) - publishedBefore).toBe(WINDOW);
    expect(settled.filter((r) => r.dispatchedAt === null)).toHaveLength(20 - WINDOW);
    expect(settled.filter((r) => r.dispatchedAt === null).every((r) => r.status === 'CANCELLED' && r.queuedAt === null)).toBe(true);
    expect(callsPerPair('cancel').size).toBeLessThanOrEqual(WINDOW);
    expect((await app().db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe('CANCELLED');
  });

  it('refills at instance start the window of a session left with queued pairs and nothing in flight', async () => {
    const product = await createProduct(app(), owner);
    const ids = await personas('stranded', 6);
    slowFeedback(50);
    // What an instance leaves when it stops after the pairs were queued and before its refill published them.
    const session = await app().db.feedbackSession.create({
      data: {
        ownerId: owner,
        language: 'en',
        status: 'IN_PROGRESS',
        totalResults: ids.length,
        products: { create: [{ productId: product.id, position: 0 }] },
        results: { create: ids.map((personaId) => ({ productId: product.id, personaId, queuedAt: new Date() })) },
      },
    });
    const publishedBefore = await feedbackTasksPublished();

    const started = await stack.addInstance();
    const done = await finished(session.id);

    expect(done.status).toBe('COMPLETED');
    expect((await feedbackTasksPublished()) - publishedBefore).toBe(6);
    // The start published the first window; the rest followed as those results finished.
    expect(await feedbackTasksPublished([started])).toBeGreaterThanOrEqual(WINDOW);
    expect([...callsPerPair('stranded').values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('stops counting a claim whose lease ran out, so dead-lettered tasks do not hold the window for good', async () => {
    const product = await createProduct(app(), owner);
    const lost = await personas('lost', WINDOW);
    const queued = await personas('queued', 6);
    slowFeedback(50);
    // A full window of claims whose tasks were dead-lettered a lease ago, and pairs waiting behind them.
    const claimedLongAgo = new Date(Date.now() - FeedbackGenerationTask.leaseMs - 60_000);
    const session = await app().db.feedbackSession.create({
      data: {
        ownerId: owner,
        language: 'en',
        status: 'IN_PROGRESS',
        totalResults: lost.length + queued.length,
        products: { create: [{ productId: product.id, position: 0 }] },
        results: {
          create: [
            ...lost.map((personaId) => ({
              productId: product.id,
              personaId,
              status: 'IN_PROGRESS' as const,
              attempts: 1,
              dispatchedAt: claimedLongAgo,
              startedAt: claimedLongAgo,
            })),
            ...queued.map((personaId) => ({ productId: product.id, personaId, queuedAt: new Date() })),
          ],
        },
      },
    });
    const publishedBefore = await feedbackTasksPublished();

    await stack.addInstance();
    await waitFor('the queued pairs to be answered', async () => {
      const done = await app().db.feedbackResult.count({ where: { sessionId: session.id, status: 'COMPLETED' } });
      return done === queued.length || undefined;
    });

    expect((await feedbackTasksPublished()) - publishedBefore).toBe(queued.length);
    expect([...callsPerPair('queued').values()]).toEqual([1, 1, 1, 1, 1, 1]);
    // The lost claims themselves wait for their tasks to be replayed from the dead-letter queue.
    expect(await app().db.feedbackResult.count({ where: { sessionId: session.id, status: 'IN_PROGRESS' } })).toBe(WINDOW);
    await app().inject({ method: 'POST', url: `/feedback-sessions/${session.id}/cancel`, headers: tokenFor(owner) });
  });
});

describe('session size', () => {
  // 20,000 rows written, queued and cancelled: longer than the default 30 s on a loaded machine.
  it(`accepts ${SESSION_MAX_PERSONAS} personas × 10 products and publishes only a window of the 20,000 pairs`, async () => {
    const products = await Promise.all(Array.from({ length: 10 }, (_, i) => createProduct(app(), owner, { name: `Size ${i}` })));
    const ids = await personas('size', SESSION_MAX_PERSONAS);
    slowFeedback(1_000);
    const publishedBefore = await feedbackTasksPublished();
    const sessionId = await start(
      products.map((p) => p.id),
      ids,
    );

    const session = await app().db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.totalResults).toBe(20_000);
    expect(await app().db.feedbackResult.count({ where: { sessionId } })).toBe(20_000);
    expect(await app().db.feedbackResult.count({ where: { sessionId, queuedAt: { not: null } } })).toBe(20_000 - WINDOW);
    expect((await feedbackTasksPublished()) - publishedBefore).toBe(WINDOW);
    const cancel = await app().inject({ method: 'POST', url: `/feedback-sessions/${sessionId}/cancel`, headers: tokenFor(owner) });
    expect(cancel.statusCode).toBe(200);
  }, 120_000);

  it(`refuses ${SESSION_MAX_PERSONAS + 1} personas with a problem naming the field`, async () => {
    const product = await createProduct(app(), owner);
    const res = await app().inject({
      method: 'POST',
      url: '/feedback-sessions',
      headers: tokenFor(owner),
      payload: {
        productIds: [product.id],
        personaIds: Array.from({ length: SESSION_MAX_PERSONAS + 1 }, () => crypto.randomUUID()),
        language: 'en',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(/personaIds/);
  });
});
