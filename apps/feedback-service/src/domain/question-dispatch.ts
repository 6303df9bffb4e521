// Publishing panel answer tasks through a per-question window, as feedback tasks go through a
// session's (dispatch.ts): at most `sessionWindow` answers of a question are in flight (published,
// not finished), the rest wait (`dispatchedAt` null) and are published as answers finish, so one
// user's question to 2,000 personas does not hold every other question's answers behind its own.
// Each answer is published once: one conditional statement takes the waiting answers. An answer
// whose persona is gone is failed here instead of published.
import { PanelAnswerTask } from '@persona-lab/contracts';
import { Prisma } from '@persona-lab/db';

import { staleClaimsBefore } from './claims.js';
import type { FeedbackDeps } from './deps.js';

export type AnswerDispatchDeps = Pick<FeedbackDeps, 'db' | 'publishAnswerTasks' | 'sessionWindow'>;

interface AnswerTake {
  /** How many waiting answers the take went for: the window's room, or fewer waiting. */
  aimed: number;
  taken: { id: string; available: boolean }[];
  /** The question's session, which its tasks carry. */
  sessionId: string;
}

/**
 * The take: as many waiting answers as the question's window has room for, in id order, in one
 * statement, so the count and the answers it picks are read in one snapshot. Two callers racing pick
 * the same answers and lock them in the same (id) order; the conditions, re-checked on an answer the
 * other took first, let only one of them take each: an answer is published once and the window is
 * never overfilled. A claim whose lease ran out holds no place (its task was dead-lettered or its
 * consumer is gone), as in a session's window.
 */
async function takeAnswers(deps: AnswerDispatchDeps, questionId: string): Promise<AnswerTake> {
  const window = deps.sessionWindow;
  const staleBefore = staleClaimsBefore(PanelAnswerTask.leaseMs);
  const [row] = await deps.db.$queryRaw<AnswerTake[]>(Prisma.sql`
    WITH head AS MATERIALIZED (
       SELECT ARRAY(
         SELECT w.id FROM panel_answers AS w
         WHERE w.question_id = ${questionId}::uuid AND w.dispatched_at IS NULL AND w.completed_at IS NULL
         ORDER BY w.id
         LIMIT GREATEST(0, ${window}::int - (
           SELECT count(*) FROM (
             SELECT FROM panel_answers AS f
             WHERE f.question_id = ${questionId}::uuid AND f.dispatched_at IS NOT NULL AND f.completed_at IS NULL
               AND NOT (f.status = 'IN_PROGRESS' AND f.started_at < ${staleBefore}::timestamptz)
             LIMIT ${window}::int) AS in_flight))
       ) AS ids),
     locked AS (
       SELECT a.id FROM panel_answers AS a, head
       WHERE a.id = ANY(head.ids) AND a.dispatched_at IS NULL AND a.completed_at IS NULL
       ORDER BY a.id FOR UPDATE OF a),
     taken AS (
       UPDATE panel_answers AS a SET dispatched_at = now(), updated_at = now()
       FROM locked WHERE a.id = locked.id
       RETURNING a.id, a.persona_id)
    SELECT cardinality((SELECT ids FROM head))::int AS aimed,
       (SELECT q.session_id::text FROM panel_questions AS q WHERE q.id = ${questionId}::uuid) AS "sessionId",
       COALESCE((SELECT json_agg(json_build_object('id', t.id, 'available', p.status = 'ACTIVE' AND p.deleted_at IS NULL) ORDER BY t.id)
         FROM taken AS t JOIN personas AS p ON p.id = t.persona_id), '[]'::json) AS taken`);
  return row!;
}

/**
 * Fills the question's window from its waiting answers and publishes what it took; returns how many.
 * Called when the question is asked, after each of its answers finishes (before its task is acked),
 * and at instance start. A take that lost answers to a racing one, or failed answers whose persona is
 * gone, takes again: otherwise the places it was called for would stay empty.
 */
export async function dispatchAnswers(deps: AnswerDispatchDeps, questionId: string, requestId: string): Promise<number> {
  const { db } = deps;
  let published = 0;
  for (;;) {
    const { aimed, taken, sessionId } = await takeAnswers(deps, questionId);
    const gone = taken.filter((answer) => !answer.available).map((answer) => answer.id);
    const ready = taken.filter((answer) => answer.available).map((answer) => answer.id);
    if (gone.length > 0) {
      await db.panelAnswer.updateMany({
        where: { id: { in: gone }, status: 'PENDING', completedAt: null },
        data: { status: 'FAILED', failureReason: 'Persona is no longer available', completedAt: new Date() },
      });
    }
    if (ready.length > 0) {
      try {
        await deps.publishAnswerTasks(sessionId, questionId, ready, requestId);
      } catch (error) {
        // Nothing may stay marked that has no task: the answers wait again for the next take.
        await db.panelAnswer.updateMany({ where: { id: { in: ready }, status: 'PENDING' }, data: { dispatchedAt: null } });
        throw error;
      }
      published += ready.length;
    }
    if (aimed === 0 || (taken.length === aimed && gone.length === 0)) return published;
  }
}
