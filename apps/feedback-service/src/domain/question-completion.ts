// Completing a question to the panel exactly once, as a session completes (completion.ts): only the
// holder of the lock `panel-question-lock:{id}` aggregates, and the final write is a conditional
// update from IN_PROGRESS, so a holder whose lock expired mid-way cannot complete it twice.
import type { QuestionInsights } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';
import { recordModelCall, type RequestContext } from '@persona-lab/service-kit';

import { LockBusyError } from './completion.js';
import type { FeedbackDeps } from './deps.js';
import { keyPointsOf, questionStats } from './question-insights.js';
import { countAnswers, formOf } from './question-view.js';
import { progressOf } from './session-view.js';

export const QUESTION_LOCK_TTL_MS = 10_000;
export const questionLockKey = (questionId: string) => `panel-question-lock:${questionId}`;

export type QuestionCompletionDeps = Pick<FeedbackDeps, 'db' | 'ai' | 'withLock' | 'announce'>;

export type QuestionCompletionOutcome = 'not-finished' | 'already-finished' | 'busy' | 'completed' | 'failed';

async function isFinished(db: PrismaClient, questionId: string): Promise<boolean | 'closed'> {
  const question = await db.panelQuestion.findUnique({ where: { id: questionId }, select: { status: true, totalAnswers: true } });
  if (!question || question.status !== 'IN_PROGRESS') return 'closed';
  const counts = (await countAnswers(db, [questionId])).get(questionId) ?? {};
  return progressOf(question.totalAnswers, counts).pending === 0;
}

export async function buildQuestionInsights(
  deps: QuestionCompletionDeps,
  questionId: string,
  requestId: string,
): Promise<QuestionInsights> {
  const question = await deps.db.panelQuestion.findUniqueOrThrow({
    where: { id: questionId },
    include: { session: { select: { ownerId: true } } },
  });
  const answers = await deps.db.panelAnswer.findMany({
    where: { questionId },
    select: {
      status: true,
      scaleValue: true,
      choice: true,
      keyPoints: true,
      persona: { select: { gender: true, ageGroup: true, country: true, incomeLevel: true } },
    },
  });
  const form = formOf(question);
  const keyPoints = form.kind === 'open' ? keyPointsOf(answers) : [];
  let themes: QuestionInsights['themes'] = [];
  let simulated = false;
  if (keyPoints.length) {
    const aggregated = await deps.ai.aggregateThemes(keyPoints, requestId);
    await recordModelCall(
      deps.db,
      { userId: question.session.ownerId, sessionId: question.sessionId, questionId, kind: 'THEMES' },
      aggregated.call,
    );
    ({ themes, simulated } = aggregated);
  }
  return { ...questionStats(questionId, form, answers), themes, simulated };
}

export async function completeQuestionIfFinished(
  deps: QuestionCompletionDeps,
  questionId: string,
  { requestId, log }: RequestContext,
): Promise<QuestionCompletionOutcome> {
  const before = await isFinished(deps.db, questionId);
  if (before === 'closed') return 'already-finished';
  if (!before) return 'not-finished';

  return deps
    .withLock(questionLockKey(questionId), QUESTION_LOCK_TTL_MS, async (): Promise<QuestionCompletionOutcome> => {
      const now = await isFinished(deps.db, questionId);
      if (now === 'closed') return 'already-finished';
      if (!now) return 'not-finished';

      const insights = await buildQuestionInsights(deps, questionId, requestId);
      const nothingCompleted = insights.completed === 0;
      const [question] = await deps.db.panelQuestion.updateManyAndReturn({
        where: { id: questionId, status: 'IN_PROGRESS' },
        data: {
          status: nothingCompleted ? 'FAILED' : 'COMPLETED',
          insights,
          completedAt: new Date(),
          failureReason: nothingCompleted ? 'Every answer failed' : null,
        },
        select: { sessionId: true },
      });
      if (!question) return 'already-finished';
      log.info(
        { questionId, completed: insights.completed, failed: insights.failed },
        nothingCompleted ? 'panel question failed: every answer failed' : 'panel question completed',
      );
      await deps.announce(question.sessionId);
      return nothingCompleted ? 'failed' : 'completed';
    })
    .catch((error: unknown) => {
      // The holder completes it, or this task is retried until it does (as for sessions).
      if (error instanceof LockBusyError) return 'busy' as const;
      throw error;
    });
}
