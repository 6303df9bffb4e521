// On start-up, finish what an outage left behind: a session whose window has room while pairs wait in
// its queue (an instance stopped between a result's final write and its refill, or a publish failed),
// a session whose results are all finished but whose completion never ran (its task was dead-lettered
// while Redis or the database was away), and the same two for a question to the panel.
// It runs once per instance start, not in a loop; completion is exactly-once, so instances that
// start together are harmless.
import type { RequestContext } from '@persona-lab/service-kit';

import { completeIfFinished, type CompletionDeps } from './completion.js';
import { type DispatchDeps, refillWindow } from './dispatch.js';
import { completeQuestionIfFinished, type QuestionCompletionDeps } from './question-completion.js';
import { type AnswerDispatchDeps, dispatchAnswers } from './question-dispatch.js';

/** Refills the window of every running session with pairs still queued; returns the tasks published. */
export async function refillStrandedWindows(deps: DispatchDeps, context: RequestContext): Promise<number> {
  const sessions = await deps.db.feedbackSession.findMany({
    where: { status: 'IN_PROGRESS', results: { some: { queuedAt: { not: null } } } },
    select: { id: true },
    take: 1_000,
  });
  let dispatched = 0;
  for (const { id } of sessions) {
    try {
      dispatched += (await refillWindow(deps, id, context.requestId)).dispatched;
    } catch (error) {
      context.log.warn({ err: error, sessionId: id }, 'could not refill a stranded session window; the next result or start tries again');
    }
  }
  if (dispatched) context.log.info({ sessions: sessions.length, dispatched }, 'stranded session windows refilled');
  return dispatched;
}

/** The same for questions to the panel with answers waiting for a place in their window. */
export async function refillStrandedQuestions(deps: AnswerDispatchDeps, context: RequestContext): Promise<number> {
  const questions = await deps.db.panelQuestion.findMany({
    where: { status: 'IN_PROGRESS', answers: { some: { dispatchedAt: null, completedAt: null } } },
    select: { id: true },
    take: 1_000,
  });
  let dispatched = 0;
  for (const { id } of questions) {
    try {
      dispatched += await dispatchAnswers(deps, id, context.requestId);
    } catch (error) {
      context.log.warn({ err: error, questionId: id }, 'could not refill a stranded question window; the next answer or start tries again');
    }
  }
  if (dispatched) context.log.info({ questions: questions.length, dispatched }, 'stranded question windows refilled');
  return dispatched;
}

export async function completeStrandedSessions(deps: CompletionDeps, context: RequestContext): Promise<number> {
  const stranded = await deps.db.feedbackSession.findMany({
    // A result is unfinished while it has no completedAt (schema.prisma), which the unfinished-results index holds.
    where: { status: 'IN_PROGRESS', results: { none: { completedAt: null } } },
    select: { id: true },
    take: 1_000,
  });
  let completed = 0;
  for (const { id } of stranded) {
    try {
      const outcome = await completeIfFinished(deps, id, context);
      if (outcome === 'completed' || outcome === 'failed') completed += 1;
    } catch (error) {
      context.log.warn({ err: error, sessionId: id }, 'could not complete a stranded session; the next start tries again');
    }
  }
  if (stranded.length) context.log.info({ stranded: stranded.length, completed }, 'stranded sessions checked');
  return completed;
}

/** The same for questions to the panel whose answers all finished but whose completion never ran. */
export async function completeStrandedQuestions(deps: QuestionCompletionDeps, context: RequestContext): Promise<number> {
  const stranded = await deps.db.panelQuestion.findMany({
    where: { status: 'IN_PROGRESS', answers: { none: { status: { in: ['PENDING', 'IN_PROGRESS'] } } } },
    select: { id: true },
    take: 1_000,
  });
  let completed = 0;
  for (const { id } of stranded) {
    try {
      const outcome = await completeQuestionIfFinished(deps, id, context);
      if (outcome === 'completed' || outcome === 'failed') completed += 1;
    } catch (error) {
      context.log.warn({ err: error, questionId: id }, 'could not complete a stranded question; the next start tries again');
    }
  }
  if (stranded.length) context.log.info({ stranded: stranded.length, completed }, 'stranded questions checked');
  return completed;
}
