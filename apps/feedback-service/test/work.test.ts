// The consumer side with several instances and a scripted provider: failures, duplicates,
// concurrent completion, cancellation and the live progress stream.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { FeedbackGenerationTask } from '@persona-lab/contracts';
import { createDatabase } from '@persona-lab/db';
import { createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { sessionLockKey } from '../src/domain/completion.js';
import { createResultClaimer } from '../src/domain/result-claim.js';
import { generateResult } from '../src/domain/result-generation.js';
import { isThemeRequest, scriptedAnswer, userPrompt } from './fake-answers.js';
import { createProduct, deliveryAttempt, finishedSession, sessionResults, useFeedbackService } from './helper.js';

const stack = useFeedbackService({ fakeLlm: true, instances: 3 });
let owner: string;

beforeAll(async () => {
  owner = await createUser(stack.apps[0]!.db);
});
beforeEach(() => {
  stack.llm!.reset();
  stack.llm!.setFallback(scriptedAnswer);
});

const app = () => stack.apps[0]!;

/** Personas whose bios carry markers the fake provider reads: the intent to answer, or a failure. */
async function personasWith(markers: string[]) {
  return Promise.all(
    markers.map((marker, i) =>
      app().db.persona.create({
        data: {
          ownerId: owner,
          status: 'ACTIVE',
          name: `P${i}`,
          detailedBio: `Persona ${i} (${marker}).`,
          productAttitudes: 'Careful buyer.',
        },
      }),
    ),
  );
}

async function startSession(productIds: string[], personaIds: string[]) {
  const res = await app().inject({
    method: 'POST',
    url: '/feedback-sessions',
    headers: tokenFor(owner),
    payload: { productIds, personaIds, language: 'en' },
  });
  expect(res.statusCode).toBe(202);
  return res.json().sessionId as string;
}

const finished = (id: string) => finishedSession(app(), owner, id);

const feedbackRequestsFor = (bioMarker: string) =>
  stack.llm!.requests.filter((r) => !isThemeRequest(r) && userPrompt(r).includes(bioMarker));

/** Feedback tasks consumed and acknowledged, over every instance. */
async function tasksHandled(): Promise<number> {
  const counts = await Promise.all(
    stack.apps.map(async (instance) => {
      const metric = await instance.metrics.getSingleMetric('message_handling_seconds')?.get();
      return (metric?.values ?? [])
        .filter(
          (v) =>
            (v as { metricName?: string }).metricName === 'message_handling_seconds_count' &&
            v.labels.contract === FeedbackGenerationTask.name,
        )
        .reduce((sum, v) => sum + v.value, 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

describe('feedback work across three consumer instances', () => {
  it('fails only the pairs whose provider call fails, and leaves them out of the averages', async () => {
    const product = await createProduct(app(), owner);
    const personas = await personasWith(['intent=8', 'fail=400', 'intent=4']);
    const session = await finished(
      await startSession(
        [product.id],
        personas.map((p) => p.id),
      ),
    );

    expect(session.status).toBe('COMPLETED');
    expect(session.progress).toMatchObject({ completed: 2, failed: 1 });
    const failed = (await sessionResults(app(), owner, session.id)).find((r) => r.personaId === personas[1]!.id)!;
    expect(failed.status).toBe('FAILED');
    expect(failed.failureReason).toMatch(/./);
    expect(session.insights.overall).toMatchObject({ completed: 2, failed: 1, averagePurchaseIntent: 6, likelyBuyerPercentage: 50 });
    // A 400 is not retried: one request for the failing pair.
    expect(feedbackRequestsFor('fail=400')).toHaveLength(1);
  });

  it('lets a retry of a task take over the claim its earlier attempt left, and nothing else', async () => {
    const product = await createProduct(app(), owner);
    const [persona] = await personasWith(['intent=6 takeover']);
    stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 1_500 }));
    const sessionId = await startSession([product.id], [persona!.id]);
    const claimed = await waitFor(
      'the result to be claimed',
      async () => (await app().db.feedbackResult.findFirst({ where: { sessionId, status: 'IN_PROGRESS' } })) ?? undefined,
    );
    const delivery = (attempt: number) => deliveryAttempt(app(), attempt);

    // Another first delivery (a duplicate) keeps off the live claim; a retry of the task takes it over.
    expect(await generateResult(app().feedback, claimed!.id, delivery(1))).toBe('skipped');
    expect(await generateResult(app().feedback, claimed!.id, delivery(2))).toBe('completed');
    const session = await finished(sessionId);
    expect(session.status).toBe('COMPLETED');
    const stored = await app().db.feedbackResult.findUniqueOrThrow({ where: { id: claimed!.id } });
    expect(stored).toMatchObject({ status: 'COMPLETED', attempts: 2 });
  });

  it('generates a result once when its task is delivered twice', async () => {
    const product = await createProduct(app(), owner);
    const personas = await personasWith(['intent=9 dup-a', 'intent=3 dup-b']);
    stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 300 }));
    const sessionId = await startSession(
      [product.id],
      personas.map((p) => p.id),
    );
    const results = await app().db.feedbackResult.findMany({ where: { sessionId } });
    // The same tasks again, as a redelivery or a duplicate publish would bring them.
    for (const result of results) {
      await app().broker.publish(FeedbackGenerationTask, { resultId: result.id, sessionId }, { requestId: 'duplicate' });
    }
    const session = await finished(sessionId);

    expect(session.status).toBe('COMPLETED');
    expect(feedbackRequestsFor('dup-a')).toHaveLength(1);
    expect(feedbackRequestsFor('dup-b')).toHaveLength(1);
    const stored = await app().db.feedbackResult.findMany({ where: { sessionId } });
    expect(stored.map((r) => r.attempts)).toEqual([1, 1]);
  });

  it('completes the session once when the last results finish at the same moment on different instances', async () => {
    const product = await createProduct(app(), owner);
    const personas = await personasWith(['intent=7 last-a', 'intent=6 last-b', 'intent=5 last-c']);
    // Every feedback answer is held until all three are asked, then released together.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    stack.llm!.setFallback((request) => {
      if (isThemeRequest(request)) return scriptedAnswer(request);
      asked += 1;
      if (asked === 3) release();
      return { ...scriptedAnswer(request), delayMs: 50 };
    });
    const sessionId = await startSession(
      [product.id],
      personas.map((p) => p.id),
    );
    await gate;
    const session = await finished(sessionId);

    expect(session.status).toBe('COMPLETED');
    expect(stack.llm!.requests.filter(isThemeRequest)).toHaveLength(1);
    const row = await app().db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(session.insights.overall.completed).toBe(3);
  });

  it('cancels a running session: pending pairs are dropped, completed ones kept', async () => {
    const product = await createProduct(app(), owner);
    // More pairs than a session's window (32): the last ones wait in its queue, still pending when the
    // cancel comes, however fast the consumers claim the published ones.
    const markers = Array.from({ length: 40 }, (_, i) => `intent=6 cancel-${i}`);
    const personas = await personasWith(markers);
    stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 400 }));
    const handledBefore = await tasksHandled();
    const sessionId = await startSession(
      [product.id],
      personas.map((p) => p.id),
    );
    const res = await app().inject({ method: 'POST', url: `/feedback-sessions/${sessionId}/cancel`, headers: tokenFor(owner) });

    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('CANCELLED');
    // In-flight pairs may still finish; nothing stays pending.
    const settled = await waitFor('in-flight pairs to settle', async () => {
      const rows = await app().db.feedbackResult.findMany({ where: { sessionId } });
      return rows.every((r) => r.status !== 'PENDING' && r.status !== 'IN_PROGRESS') ? rows : undefined;
    });
    const cancelled = settled.filter((r) => r.status === 'CANCELLED');
    expect(cancelled.length).toBeGreaterThan(0);
    // Finished: they left the session's unfinished results.
    expect(cancelled.every((r) => r.completedAt !== null)).toBe(true);
    // Their published tasks were dropped when claimed, the queued ones never published: no provider call for any of them.
    const published = settled.filter((r) => r.dispatchedAt !== null).length;
    await waitFor(`all ${published} published tasks to be consumed`, async () =>
      (await tasksHandled()) >= handledBefore + published ? true : undefined,
    );
    for (const result of cancelled) {
      const marker = markers[personas.findIndex((p) => p.id === result.personaId)]!;
      expect(feedbackRequestsFor(`(${marker})`)).toHaveLength(0);
    }
    expect((await app().db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe('CANCELLED');
    const again = await app().inject({ method: 'POST', url: `/feedback-sessions/${sessionId}/cancel`, headers: tokenFor(owner) });
    expect(again.statusCode).toBe(409);
  });

  it("completes a session whose last result finished while another instance's check held the session's lock", async () => {
    const product = await createProduct(app(), owner);
    const [persona] = await personasWith(['intent=6 lock-held']);
    let answering!: () => void;
    const asked = new Promise<void>((resolve) => (answering = resolve));
    stack.llm!.setFallback((request) => {
      if (!isThemeRequest(request)) answering();
      return { ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 300 };
    });
    const sessionId = await startSession([product.id], [persona!.id]);
    await asked;
    // Another instance's completion check: it read the session as unfinished before the answer was
    // stored, and holds the lock past the moment the last result's own check tries to take it.
    await app().withLock(sessionLockKey(sessionId), 10_000, () => sleep(1_500));

    const session = await finished(sessionId);
    expect(session.status).toBe('COMPLETED');
    expect(session.insights.overall.completed).toBe(1);
  });

  it('streams progress as Server-Sent Events until the session completes', async () => {
    const product = await createProduct(app(), owner);
    const personas = await personasWith(['intent=7 sse-a', 'intent=8 sse-b', 'intent=2 sse-c']);
    stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 150 }));
    const address = await app().listen({ host: '127.0.0.1', port: 0 });
    const sessionId = await startSession(
      [product.id],
      personas.map((p) => p.id),
    );

    const response = await fetch(`${address}/feedback-sessions/${sessionId}/events`, { headers: tokenFor(owner) });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text(); // the server ends the stream when the session finishes
    const events = [...text.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]!));

    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ sessionId, status: 'COMPLETED', progress: { completed: 3, pending: 0 } });
    const completedCounts = events.map((e) => e.progress.completed);
    expect([...completedCounts].sort((a, b) => a - b)).toEqual(completedCounts);
    // Each event says something new.
    expect(new Set(events.map((e) => JSON.stringify(e))).size).toBe(events.length);
  });
});

describe('a feedback task as it arrives from the queue', () => {
  /** A one-result session run to the end, whose rows a test then puts in the state it needs. */
  async function finishedResult(marker: string) {
    const product = await createProduct(app(), owner, { price: '129.50' });
    const [persona] = await personasWith([`intent=5 ${marker}`]);
    const sessionId = await startSession([product.id], [persona!.id]);
    expect((await finished(sessionId)).status).toBe('COMPLETED');
    const result = await app().db.feedbackResult.findFirstOrThrow({ where: { sessionId } });
    return { sessionId, resultId: result.id };
  }

  /** Only the requests to come count: `reset` forgets the fallback too, so it is set again. */
  function forgetRequests() {
    stack.llm!.reset();
    stack.llm!.setFallback(scriptedAnswer);
  }

  /** Publishes the result's task as the session's dispatch does, and waits until a consumer has acknowledged it. */
  async function deliverTask(resultId: string, sessionId: string) {
    const handledBefore = await tasksHandled();
    await app().broker.publish(FeedbackGenerationTask, { resultId, sessionId }, { requestId: randomUUID() });
    await waitFor('the task to be acknowledged', async () => ((await tasksHandled()) > handledBefore ? true : undefined));
  }

  it('acknowledges a task whose result no longer exists and asks the provider nothing', async () => {
    await deliverTask(randomUUID(), randomUUID());

    expect(stack.llm!.requests).toHaveLength(0);
  });

  it('cancels the pending result of a cancelled session without claiming it or asking the provider', async () => {
    const { sessionId, resultId } = await finishedResult('cancelled-queue');
    await app().db.feedbackSession.update({ where: { id: sessionId }, data: { status: 'CANCELLED' } });
    await app().db.feedbackResult.update({ where: { id: resultId }, data: { status: 'PENDING', completedAt: null } });
    forgetRequests();

    await deliverTask(resultId, sessionId);

    expect(await app().db.feedbackResult.findUniqueOrThrow({ where: { id: resultId } })).toMatchObject({
      status: 'CANCELLED',
      attempts: 1,
      completedAt: expect.any(Date),
    });
    expect(stack.llm!.requests).toHaveLength(0);
  });

  it('leaves a result to the consumer whose claim on it is live', async () => {
    const { sessionId, resultId } = await finishedResult('claimed-queue');
    await app().db.feedbackSession.update({ where: { id: sessionId }, data: { status: 'IN_PROGRESS', completedAt: null } });
    const startedAt = new Date();
    await app().db.feedbackResult.update({ where: { id: resultId }, data: { status: 'IN_PROGRESS', startedAt, completedAt: null } });
    forgetRequests();

    await deliverTask(resultId, sessionId);

    expect(await app().db.feedbackResult.findUniqueOrThrow({ where: { id: resultId } })).toMatchObject({
      status: 'IN_PROGRESS',
      attempts: 1,
      startedAt,
    });
    expect(stack.llm!.requests).toHaveLength(0);
  });

  it('claims a result without writing any index: the claim is a HOT update', async () => {
    const { sessionId, resultId } = await finishedResult('hot-claim');
    await app().db.feedbackSession.update({ where: { id: sessionId }, data: { status: 'IN_PROGRESS', completedAt: null } });
    await app().db.feedbackResult.update({ where: { id: resultId }, data: { status: 'PENDING', completedAt: null } });
    // One connection, so the claim runs in the transaction opened here, whose own writes
    // pg_stat_xact_user_tables counts at once (the cumulative statistics arrive seconds later).
    const { pool, close } = createDatabase({ url: stack.database.url, poolSize: 1 });
    try {
      await pool.query('BEGIN');
      const claimed = await createResultClaimer(pool)(resultId, deliveryAttempt(app(), 1));
      const { rows } = await pool.query<{ updates: string; hot: string }>(
        `SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname = 'feedback_results'`,
      );
      await pool.query('ROLLBACK');

      expect(claimed).toMatchObject({ status: 'PENDING', claimedAttempts: 2 });
      expect(rows).toEqual([{ updates: '1', hot: '1' }]);
    } finally {
      await close();
    }
  });

  it('takes over a claim whose lease ran out and answers with the session, persona and product it read', async () => {
    const { sessionId, resultId } = await finishedResult('lapsed-queue');
    await app().db.feedbackSession.update({ where: { id: sessionId }, data: { status: 'IN_PROGRESS', completedAt: null } });
    const lapsed = new Date(Date.now() - FeedbackGenerationTask.leaseMs - 60_000);
    await app().db.feedbackResult.update({
      where: { id: resultId },
      data: { status: 'IN_PROGRESS', startedAt: lapsed, completedAt: null },
    });
    forgetRequests();

    await deliverTask(resultId, sessionId);

    expect(await app().db.feedbackResult.findUniqueOrThrow({ where: { id: resultId } })).toMatchObject({
      status: 'COMPLETED',
      attempts: 2,
      purchaseIntent: 5,
    });
    const [request] = feedbackRequestsFor('lapsed-queue');
    expect(userPrompt(request!)).toContain('129.50');
    expect((await finished(sessionId)).status).toBe('COMPLETED');
  });
});
