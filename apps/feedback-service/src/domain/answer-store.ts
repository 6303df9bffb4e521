// A feedback task's last statement: it stores the answer for the claim that is still current, and the
// calls that paid for it, and takes the next queued pairs into the places the stored results leave in
// their sessions' windows (dispatch.ts `finishingTakesSql`, published by `afterResultFinished`), for
// every task that finished in the same loop turn at once (`createStatementBatcher`, as the claims):
// each statement is a round trip and a commit, and a socket write that wakes a backend, which on this
// 2-core machine often costs the writer its core (issue #17's profiles: `writev` 29 % of the
// feedback-service's busy time at the ceiling). On the results pool (plugins/results-pool.ts), as the
// claim: Prisma's runtime around a raw statement is most of its cost here.
import type { ResultSsr } from '@persona-lab/contracts';
import { byCodeUnits, createStatementBatcher, type PgPool, Prisma } from '@persona-lab/db';
import { insertModelCallsSql, type SubjectCall } from '@persona-lab/service-kit';

import type { GeneratedFeedback } from './deps.js';
import { type FinishingTake, finishingTakesSql, type SessionFinishingTake, shareFinishingTake } from './dispatch.js';

/** A generated answer to store, for the claim its task holds (`attempts`), with the calls that paid for it. */
export interface AnswerToStore {
  resultId: string;
  attempts: number;
  answer: GeneratedFeedback;
  ssr: ResultSsr | null;
  calls: SubjectCall[];
}

/**
 * Stores an answer and returns its share of the take that rode along, or null when its claim was taken
 * over (nothing stored, nothing taken). Its calls are stored either way: they were paid for.
 */
export type StoreAnswer = (answer: AnswerToStore) => Promise<FinishingTake | null>;

// Lower-cased as the claim orders them (result-claim.ts), so both take the results' row locks in one order.
const byResultId = (a: AnswerToStore, b: AnswerToStore) => byCodeUnits(a.resultId.toLowerCase(), b.resultId.toLowerCase());
const bySession = (a: SubjectCall, b: SubjectCall) => byCodeUnits(a.subject.sessionId ?? '', b.subject.sessionId ?? '');

/** An LLM's text as a JSON parameter can carry it: a lone surrogate becomes U+FFFD, as node-postgres's UTF-8 encoding of a text parameter made it. */
const wellFormed = (text: string) => text.toWellFormed();

/**
 * The statement. Answers come as one JSON array and calls as another, so its text is the same whatever
 * the batch and each connection prepares it once (named). A data-modifying `WITH` runs whether or not
 * the update finds its row, so the calls are stored for an answer whose claim was taken over too. A
 * budgeted session's calls update its row at the end of the statement (model_calls' trigger), after
 * the take's row locks: those wait for it, it never waits for them; and the calls come in session
 * order, so two batches update the rows of the sessions they share in the same order. The answers come
 * in result id order, as the claims, so concurrent statements lock the results they share in one order.
 * The results are found by their ids as an array (an index condition on the primary key, whatever the
 * statistics): joined on the answers alone, a connection that made its plan while the table was small
 * (after a small session) kept a hash join over the whole primary key, and each store read all of a
 * 20,000-result session's rows (bench:dispatch with its warm-up, auto_explain: 20,182 buffers, 17 ms).
 */
function storeAnswersStatement(window: number, answers: readonly AnswerToStore[]): Prisma.Sql {
  const keyed = answers.map((answer, key) => ({ ...answer, key })).sort(byResultId);
  const rows = keyed.map(({ key, resultId, attempts, answer, ssr }) => ({
    key,
    id: resultId,
    attempts,
    feedback: wellFormed(answer.feedback),
    purchase_intent: answer.purchaseIntent,
    key_concerns: answer.keyConcerns.map(wellFormed),
    purchase_statement: wellFormed(answer.purchaseStatement),
    ssr_distribution: ssr?.distribution ?? [],
    ssr_rating: ssr?.expectedRating ?? null,
  }));
  const calls = keyed.flatMap((answer) => answer.calls).sort(bySession);
  const take = finishingTakesSql(window);
  return Prisma.sql`
    WITH answers AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS a(key int, id uuid, attempts int, feedback text,
        purchase_intent smallint, key_concerns text[], purchase_statement text, ssr_distribution float8[], ssr_rating float8)),
    calls AS (${insertModelCallsSql(calls)}),
    stored AS (
      UPDATE feedback_results AS r SET status = 'COMPLETED', feedback = a.feedback, purchase_intent = a.purchase_intent,
        key_concerns = a.key_concerns, purchase_statement = a.purchase_statement, ssr_distribution = a.ssr_distribution,
        ssr_rating = a.ssr_rating, failure_reason = NULL, completed_at = now(), updated_at = now()
        FROM answers AS a
       WHERE r.id = ANY(ARRAY(SELECT id FROM answers)) AND r.id = a.id AND r.status = 'IN_PROGRESS' AND r.attempts = a.attempts
      RETURNING a.key, r.id, r.session_id),
    ${take.ctes}
    ${take.select}`;
}

async function storeAnswers(pool: PgPool, window: number, answers: readonly AnswerToStore[]): Promise<Array<FinishingTake | null>> {
  const statement = storeAnswersStatement(window, answers);
  const { rows: sessions } = await pool.query<SessionFinishingTake>({
    name: 'store-answers',
    text: statement.text,
    values: statement.values,
  });
  const outcomes = new Array<FinishingTake | null>(answers.length).fill(null);
  for (const session of sessions) for (const [key, took] of shareFinishingTake(session)) outcomes[key] = took;
  return outcomes;
}

/**
 * The pool owner's store: the answers of one loop turn share one statement. When that statement fails,
 * each answer is stored by a statement of its own, so one answer the database refuses (a NUL in its
 * text) fails its own task alone, not the others that finished with it.
 */
export function createAnswerStore(pool: PgPool, window: number): StoreAnswer {
  const batcher = createStatementBatcher<AnswerToStore, FinishingTake | null>(async (answers) => {
    if (answers.length === 1) return storeAnswers(pool, window, answers);
    try {
      return await storeAnswers(pool, window, answers);
    } catch {
      return Promise.all(
        answers.map((answer) =>
          storeAnswers(pool, window, [answer]).then(
            ([took]) => took!,
            (error: Error) => error,
          ),
        ),
      );
    }
  });
  return (answer) => batcher.load(answer);
}
