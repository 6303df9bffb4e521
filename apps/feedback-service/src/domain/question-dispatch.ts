// Publishing panel answer tasks: each answer is published once. The dispatch is recorded first by a
// conditional update (`dispatchedAt` from null), as for feedback results (dispatch.ts); an answer
// whose persona is gone is failed here instead of published.
import type { FeedbackDeps } from './deps.js';

type DispatchDeps = Pick<FeedbackDeps, 'db' | 'publishAnswerTasks'>;

const undispatched = { status: 'PENDING', dispatchedAt: null } as const;

/** Publishes every undispatched answer of the question; returns how many this call published. */
export async function dispatchAnswers(deps: DispatchDeps, questionId: string, requestId: string): Promise<number> {
  const { db } = deps;
  const question = await db.panelQuestion.findUniqueOrThrow({ where: { id: questionId }, select: { sessionId: true } });
  const candidates = await db.panelAnswer.findMany({
    where: { questionId, ...undispatched },
    select: { id: true, persona: { select: { status: true, deletedAt: true } } },
  });
  const gone = candidates.filter((c) => c.persona.status !== 'ACTIVE' || c.persona.deletedAt).map((c) => c.id);
  if (gone.length > 0) {
    await db.panelAnswer.updateMany({
      where: { id: { in: gone }, ...undispatched },
      data: { status: 'FAILED', failureReason: 'Persona is no longer available', completedAt: new Date() },
    });
  }
  const ready = candidates.filter((c) => !gone.includes(c.id)).map((c) => c.id);
  const claimed = (
    await db.panelAnswer.updateManyAndReturn({
      where: { id: { in: ready }, ...undispatched },
      data: { dispatchedAt: new Date() },
      select: { id: true },
    })
  ).map((row) => row.id);
  if (claimed.length === 0) return 0;
  try {
    await deps.publishAnswerTasks(question.sessionId, questionId, claimed, requestId);
  } catch (error) {
    // Nothing may stay marked that has no task.
    await db.panelAnswer.updateMany({ where: { id: { in: claimed }, status: 'PENDING' }, data: { dispatchedAt: null } });
    throw error;
  }
  return claimed.length;
}
