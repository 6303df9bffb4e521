// Fair sharing for questions to the panel: a question has at most SESSION_MAX_IN_FLIGHT answer tasks
// in flight, the rest wait and are published as its answers finish. Every persona still answers once
// over two instances and redelivery, another question's answers go out at once behind at most a window
// of a large one's, and an instance start refills a window left stranded.
import { PanelAnswerTask } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { callsPerMarker, createCallCounter, isPanelAnswerRequest, scriptedAnswer } from './fake-answers.js';
import { createProduct, tasksPublished, useFeedbackService } from './helper.js';

const WINDOW = 3;
const stack = useFeedbackService({ fakeLlm: true, instances: 2, env: { SESSION_MAX_IN_FLIGHT: String(WINDOW) } });
let owner: string;
const app = () => stack.apps[0]!;

/** Panel answer calls in flight at the provider per group of bio markers ("big", "small"), the most seen, the order they came in. */
const calls = createCallCounter();

/** Every panel answer takes `delayMs`; feedback and theme calls answer at once. */
const slowAnswers = (delayMs: number) => stack.llm!.setFallback(calls.answerAfter(delayMs, isPanelAnswerRequest));

beforeAll(async () => {
  owner = await createUser(app().db);
});
beforeEach(() => {
  stack.llm!.reset();
  stack.llm!.setFallback(scriptedAnswer);
  calls.reset();
});

/** A completed session of `count` personas whose bios carry "(group-i …)", and its persona ids. */
async function completedSession(group: string, count: number) {
  const product = await createProduct(app(), owner);
  const personaIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const persona = await app().db.persona.create({
      data: {
        ownerId: owner,
        status: 'ACTIVE',
        name: `${group} ${i}`,
        detailedBio: `Persona (${group}-${i} intent=6 point=Price scale=4).`,
        productAttitudes: 'Careful buyer.',
      },
    });
    personaIds.push(persona.id);
  }
  const res = await app().inject({
    method: 'POST',
    url: '/feedback-sessions',
    headers: tokenFor(owner),
    payload: { productIds: [product.id], personaIds, language: 'en' },
  });
  expect(res.statusCode, res.body).toBe(202);
  const sessionId = res.json().sessionId as string;
  await waitFor('the session to complete', async () => {
    const session = await app().db.feedbackSession.findUnique({ where: { id: sessionId } });
    return session?.status === 'COMPLETED' || undefined;
  });
  return { sessionId, personaIds, product };
}

async function ask(sessionId: string) {
  const res = await app().inject({
    method: 'POST',
    url: `/feedback-sessions/${sessionId}/questions`,
    headers: tokenFor(owner),
    payload: {
      text: 'How likely are you to recommend it?',
      form: { kind: 'scale', min: 1, max: 5, minLabel: 'not at all', maxLabel: 'certainly' },
    },
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().questionId as string;
}

const questionFinished = (questionId: string) =>
  waitFor(
    `question ${questionId} to finish`,
    async () => {
      const question = await app().db.panelQuestion.findUniqueOrThrow({ where: { id: questionId } });
      return question.status === 'IN_PROGRESS' ? undefined : question;
    },
    { timeoutMs: 30_000 },
  );

/** Panel answer tasks confirmed by the broker, summed over the given instances. */
const answerTasksPublished = (instances: App[] = stack.apps) => tasksPublished(PanelAnswerTask, instances);

/** Panel answer calls per persona marker ("big-3"). */
const answersPerPersona = (group: string) => callsPerMarker(stack.llm!.requests, group, isPanelAnswerRequest);

/** A question's answers published and not finished: what its window holds. */
const inWindow = (questionId: string) =>
  app().db.panelAnswer.count({ where: { questionId, dispatchedAt: { not: null }, completedAt: null } });

describe('a per-question window of panel answer tasks in flight', () => {
  it('publishes a window of the answers at a time and has every persona answer once across instances and redelivery', async () => {
    const { sessionId } = await completedSession('wide', 10);
    slowAnswers(150);
    const publishedBefore = await answerTasksPublished();
    const questionId = await ask(sessionId);
    // The ask published only the first window; the rest wait unpublished.
    expect(await inWindow(questionId)).toBe(WINDOW);
    expect(await app().db.panelAnswer.count({ where: { questionId, dispatchedAt: null } })).toBe(10 - WINDOW);
    // Every published task again, as a redelivery or a duplicate publish would bring it.
    for (const row of await app().db.panelAnswer.findMany({ where: { questionId, dispatchedAt: { not: null } } })) {
      await app().broker.publish(PanelAnswerTask, { answerId: row.id, questionId, sessionId }, { requestId: 'dup' });
    }

    const question = await questionFinished(questionId);
    expect(question.status).toBe('COMPLETED');
    expect(calls.mostInFlight.get('wide')).toBeLessThanOrEqual(WINDOW);
    expect([...answersPerPersona('wide').values()]).toEqual(Array.from({ length: 10 }, () => 1));
    // One task per answer (the duplicates above were published by the test, not counted here as the service's).
    expect((await answerTasksPublished()) - publishedBefore).toBe(10 + WINDOW);
    const answers = await app().db.panelAnswer.findMany({ where: { questionId } });
    expect(answers.every((a) => a.status === 'COMPLETED' && a.attempts === 1)).toBe(true);
  });

  it("publishes another question's answers at once while a large one runs, behind at most a window of its answers", async () => {
    const big = await completedSession('big', 12);
    const small = await completedSession('small', 2);
    slowAnswers(400);
    const bigQuestion = await ask(big.sessionId);
    const smallQuestion = await ask(small.sessionId);

    const done = await questionFinished(smallQuestion);
    expect(done.status).toBe('COMPLETED');
    // The small question finished while most of the large one's answers still waited or ran.
    expect(await app().db.panelAnswer.count({ where: { questionId: bigQuestion, completedAt: null } })).toBeGreaterThanOrEqual(
      12 - 2 * WINDOW,
    );
    const ahead = calls.arrivals.slice(0, calls.arrivals.indexOf('small'));
    expect(ahead.every((group) => group === 'big')).toBe(true);
    expect(ahead.length).toBeLessThanOrEqual(WINDOW);

    expect((await questionFinished(bigQuestion)).status).toBe('COMPLETED');
    expect(calls.mostInFlight.get('big')).toBeLessThanOrEqual(WINDOW);
    expect([...answersPerPersona('big').values()]).toEqual(Array.from({ length: 12 }, () => 1));
  });

  it('fails the waiting answers of personas gone since and still answers every other one', async () => {
    const { sessionId, personaIds } = await completedSession('gone', 7);
    slowAnswers(100);
    const questionId = await ask(sessionId);
    // Two personas whose answers still wait (ids after the first window) are deleted meanwhile.
    const waiting = await app().db.panelAnswer.findMany({ where: { questionId, dispatchedAt: null }, orderBy: { id: 'asc' } });
    const goneIds = waiting.slice(0, 2).map((a) => a.personaId);
    await app().db.persona.updateMany({ where: { id: { in: goneIds } }, data: { deletedAt: new Date() } });

    const question = await questionFinished(questionId);
    expect(question.status).toBe('COMPLETED');
    const answers = await app().db.panelAnswer.findMany({ where: { questionId } });
    const failed = answers.filter((a) => a.status === 'FAILED');
    expect(failed.map((a) => a.personaId).sort()).toEqual([...goneIds].sort());
    expect(failed.every((a) => a.failureReason === 'Persona is no longer available')).toBe(true);
    expect(answers.filter((a) => a.status === 'COMPLETED')).toHaveLength(personaIds.length - 2);
    // No task was published for them: only the five others reached the provider.
    expect([...answersPerPersona('gone').values()]).toEqual([1, 1, 1, 1, 1]);
  });

  it('refills at instance start the window of a question left with waiting answers and nothing in flight', async () => {
    const { sessionId, personaIds } = await completedSession('stranded', 5);
    slowAnswers(50);
    // What an instance leaves when it stops after the question was stored and before its answers were published.
    const question = await app().db.panelQuestion.create({
      data: {
        sessionId,
        text: 'Would you buy it again?',
        kind: 'OPEN',
        totalAnswers: personaIds.length,
        answers: { create: personaIds.map((personaId) => ({ personaId })) },
      },
    });
    const publishedBefore = await answerTasksPublished();

    const started = await stack.addInstance();
    const done = await questionFinished(question.id);

    expect(done.status).toBe('COMPLETED');
    expect((await answerTasksPublished()) - publishedBefore).toBe(5);
    expect(await answerTasksPublished([started])).toBeGreaterThanOrEqual(WINDOW);
    expect([...answersPerPersona('stranded').values()]).toEqual([1, 1, 1, 1, 1]);
  });
});
