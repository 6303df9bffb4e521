// The store of a generated answer (answer-store.ts) as the consumer makes it, through
// `app.feedback.storeAnswer` on the real pool: the stores of one loop turn go out as one statement,
// each answer is stored for its own claim with the calls that paid for it, and the stored results'
// places in their sessions' windows go to the next queued pairs, shared among them.
import type { ResultStatus } from '@persona-lab/db';
import type { SubjectCall } from '@persona-lab/service-kit';
import { createUser, spyOnNamedStatements } from '@persona-lab/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { AnswerToStore } from '../src/domain/answer-store.js';
import { createProduct, useFeedbackService } from './helper.js';

const WINDOW = 4;
const stack = useFeedbackService({ env: { SESSION_MAX_IN_FLIGHT: String(WINDOW) } });
const app = () => stack.apps[0]!;
let owner: string;

beforeAll(async () => {
  owner = await createUser(app().db);
});
afterEach(() => {
  vi.restoreAllMocks();
});

type PairState = { status: ResultStatus; attempts?: number; dispatchedAt?: Date; queuedAt?: Date; startedAt?: Date };
const inFlight = (attempts = 1): PairState => ({ status: 'IN_PROGRESS', attempts, dispatchedAt: new Date(), startedAt: new Date() });
/** Queued a millisecond apart, so the queue's order is the order given. */
const queued = (i: number): PairState => ({ status: 'PENDING', queuedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)) });

/** A running session with one result per entry of `pairs`, each its own persona's, in the given state. */
async function sessionWith(pairs: PairState[], session: { maxCostUsd?: number } = {}) {
  const product = await createProduct(app(), owner);
  const { id: sessionId } = await app().db.feedbackSession.create({
    data: { ownerId: owner, status: 'IN_PROGRESS', language: 'en', ...session },
  });
  const ids: string[] = [];
  for (const [i, state] of pairs.entries()) {
    const persona = await app().db.persona.create({
      data: { ownerId: owner, status: 'ACTIVE', name: `P${i}`, detailedBio: `Persona ${i}.`, productAttitudes: 'Careful buyer.' },
    });
    ids.push((await app().db.feedbackResult.create({ data: { sessionId, productId: product.id, personaId: persona.id, ...state } })).id);
  }
  return { sessionId, ids };
}

function answerFor(resultId: string, sessionId: string, attempts = 1, feedback = `Feedback on ${resultId}.`): AnswerToStore {
  const call = (kind: 'FEEDBACK' | 'EMBEDDING', costUsd: number): SubjectCall => ({
    subject: { userId: owner, sessionId, resultId, kind },
    call: { model: 'fake-model', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 }, costUsd, attempts: 1 },
  });
  return {
    resultId,
    attempts,
    answer: { feedback, purchaseIntent: 7, keyConcerns: ['price', 'battery life'], purchaseStatement: 'I would probably buy it.' },
    ssr: { distribution: [0.1, 0.2, 0.3, 0.25, 0.15], expectedRating: 3.15 },
    calls: [call('FEEDBACK', 0.0015), call('EMBEDDING', 0.00002)],
  };
}

const rowOf = (id: string) => app().db.feedbackResult.findUniqueOrThrow({ where: { id } });

describe('storing generated answers', () => {
  it("stores one loop turn's answers in one statement, each for its own claim, and shares each session's take among them", async () => {
    // A: its window full (4 in flight), 3 of them finish, 5 pairs queued. B: 1 in flight, nothing queued.
    const a = await sessionWith([inFlight(), inFlight(), inFlight(), inFlight(2), queued(1), queued(2), queued(3), queued(4), queued(5)], {
      maxCostUsd: 10,
    });
    const b = await sessionWith([inFlight()]);
    const storeStatements = spyOnNamedStatements(app().resultsPg, 'store-answers');

    const outcomes = await Promise.all([
      app().feedback.storeAnswer(answerFor(a.ids[0]!, a.sessionId)),
      app().feedback.storeAnswer(answerFor(b.ids[0]!, b.sessionId)),
      app().feedback.storeAnswer(answerFor(a.ids[1]!, a.sessionId)),
      // Its claim was taken over (attempts 2 now): nothing stored, nothing taken, its calls kept.
      app().feedback.storeAnswer(answerFor(a.ids[3]!, a.sessionId, 1)),
      app().feedback.storeAnswer(answerFor(a.ids[2]!, a.sessionId)),
    ]);

    expect(storeStatements()).toHaveLength(1);
    const [queue1, queue2, queue3] = a.ids.slice(4);
    // A's three stored results each take one pair in queue order; the room was exactly theirs.
    expect(outcomes).toEqual([
      { taken: [queue1], pairsWereQueued: true, room: 1 },
      { taken: [], pairsWereQueued: false, room: WINDOW },
      { taken: [queue2], pairsWereQueued: true, room: 1 },
      null,
      { taken: [queue3], pairsWereQueued: true, room: 1 },
    ]);
    for (const id of [a.ids[0]!, a.ids[1]!, a.ids[2]!, b.ids[0]!]) {
      expect(await rowOf(id)).toMatchObject({
        status: 'COMPLETED',
        feedback: `Feedback on ${id}.`,
        purchaseIntent: 7,
        keyConcerns: ['price', 'battery life'],
        purchaseStatement: 'I would probably buy it.',
        ssrDistribution: [0.1, 0.2, 0.3, 0.25, 0.15],
        ssrRating: 3.15,
        completedAt: expect.any(Date),
      });
    }
    expect(await rowOf(a.ids[3]!)).toMatchObject({ status: 'IN_PROGRESS', attempts: 2, feedback: null });
    for (const id of [queue1!, queue2!, queue3!]) expect(await rowOf(id)).toMatchObject({ queuedAt: null, dispatchedAt: expect.any(Date) });
    for (const id of a.ids.slice(7)) expect(await rowOf(id)).toMatchObject({ queuedAt: expect.any(Date), dispatchedAt: null });
    // Every answer's two calls, the taken over one's included; the budgeted session's running total is their sum.
    expect(await app().db.modelCall.count({ where: { sessionId: a.sessionId } })).toBe(2 * 4);
    expect(await app().db.modelCall.count({ where: { sessionId: b.sessionId } })).toBe(2);
    const { budgetSpentUsd } = await app().db.feedbackSession.findUniqueOrThrow({ where: { id: a.sessionId } });
    expect(budgetSpentUsd.toNumber()).toBeCloseTo(4 * (0.0015 + 0.00002), 10);
  });

  it('gives the room beyond one place per stored result to one of them, which fills it with an ordinary take', async () => {
    // 2 in flight finish together in a window of 4 that had 2 places left empty; 5 pairs queued.
    const { sessionId, ids } = await sessionWith([inFlight(), inFlight(), queued(1), queued(2), queued(3), queued(4), queued(5)]);

    const outcomes = await Promise.all([
      app().feedback.storeAnswer(answerFor(ids[0]!, sessionId)),
      app().feedback.storeAnswer(answerFor(ids[1]!, sessionId)),
    ]);

    expect(outcomes).toEqual([
      { taken: [ids[2]], pairsWereQueued: true, room: WINDOW - 1 },
      { taken: [ids[3]], pairsWereQueued: true, room: 1 },
    ]);
  });

  it("stores a batch's other answers when the database refuses one of them", async () => {
    const { sessionId, ids } = await sessionWith([inFlight(), inFlight(), inFlight()]);
    const storeStatements = spyOnNamedStatements(app().resultsPg, 'store-answers');

    const outcomes = await Promise.allSettled([
      app().feedback.storeAnswer(answerFor(ids[0]!, sessionId)),
      app().feedback.storeAnswer(answerFor(ids[1]!, sessionId, 1, 'A NUL \u0000 byte')),
      app().feedback.storeAnswer(answerFor(ids[2]!, sessionId, 1, 'Half a pair \ud83d of surrogates.')),
    ]);

    // The batch, then each answer on its own.
    expect(storeStatements()).toHaveLength(1 + 3);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rowOf(ids[0]!)).toMatchObject({ status: 'COMPLETED' });
    expect(await rowOf(ids[1]!)).toMatchObject({ status: 'IN_PROGRESS', feedback: null });
    // A lone surrogate is stored as U+FFFD, as a text parameter's UTF-8 encoding stored it.
    expect(await rowOf(ids[2]!)).toMatchObject({ status: 'COMPLETED', feedback: 'Half a pair \ufffd of surrogates.' });
  });
});
