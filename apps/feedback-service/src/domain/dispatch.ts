// Publishing feedback tasks through a per-session window. A pair whose persona is ready joins its
// session's queue (`queuedAt`); a refill moves the next pairs from the queue into the window, at most
// `sessionWindow` tasks in flight per session, so a small session's tasks never wait behind thousands
// of another session's. Each pair is published once: one conditional statement takes the pairs
// (`dispatchedAt` from null), so however many results finish, persona events arrive or instances
// start at once, only one caller publishes a pair; after that only the task's own retry policy
// delivers it again. A pair whose persona failed is failed here instead.
// Statements that take many rows lock them in id order (ORDER BY id FOR UPDATE, or = ANY over the
// primary key), so a session start and a persona's event queueing the same pairs wait for each other
// instead of deadlocking.
import { FeedbackGenerationTask } from '@persona-lab/contracts';
import { type PgPool, Prisma, type PrismaClient } from '@persona-lab/db';

import { staleClaimsBefore } from './claims.js';
import type { FeedbackDeps } from './deps.js';

export type DispatchDeps = Pick<FeedbackDeps, 'db' | 'resultsPg' | 'publishTasks' | 'sessionWindow'>;

export interface Refill {
  /** Tasks this refill published. */
  dispatched: number;
  /**
   * Whether the session's queue held pairs when the refill looked (taken by it or not): the session
   * then has unfinished pairs, whose own results check its completion when they finish.
   */
  pairsWereQueued: boolean;
}

export interface DispatchOutcome {
  /** Tasks this call published. */
  dispatched: number;
  /** The sessions in which this call failed pairs (their persona failed or was deleted). */
  sessionsWithFailures: string[];
}

const waiting = { status: 'PENDING', dispatchedAt: null, queuedAt: null } as const;
const personaUnavailable = { OR: [{ status: 'FAILED' as const }, { deletedAt: { not: null } }] };

/**
 * At the start of a session: queue every pair whose persona is ready (most joined the queue as they
 * were written), fail those whose persona failed, fill the window.
 */
export async function dispatchSessionPairs(deps: DispatchDeps, sessionId: string, requestId: string): Promise<DispatchOutcome> {
  await deps.db.$executeRaw`
    WITH ready AS (
      SELECT r.id FROM feedback_results AS r JOIN personas AS p ON p.id = r.persona_id
      WHERE r.session_id = ${sessionId}::uuid AND p.status = 'ACTIVE' AND p.deleted_at IS NULL
        AND r.status = 'PENDING' AND r.dispatched_at IS NULL AND r.queued_at IS NULL
      ORDER BY r.id FOR UPDATE OF r)
    UPDATE feedback_results AS r SET queued_at = now(), updated_at = now() FROM ready WHERE r.id = ready.id`;
  const sessionsWithFailures = await failPairs(deps.db, { sessionId, ...waiting, persona: personaUnavailable });
  const { dispatched } = await refillWindow(deps, sessionId, requestId);
  return { dispatched, sessionsWithFailures };
}

/**
 * A persona's ready pairs in running sessions joining their sessions' queues, the sessions they are
 * in, and whether the persona is unavailable (failed or deleted: its pairs are to be failed). One
 * statement on the results pool, named: an audience session's start sends an event for each of up to
 * 2,000 personas while its first results run, and through Prisma the queueing and the search for pairs
 * to fail (a relation filter, compiled for every event) cost the feedback-service ~3 ms of CPU each.
 * Each pair's session is read by its key: joined, the plan a connection keeps (made on small tables)
 * read every running session through the status index for each of the persona's pairs.
 */
const QUEUE_PERSONA_PAIRS = {
  name: 'queue-persona-pairs',
  text: `
    WITH ready AS (
      SELECT r.id FROM feedback_results AS r
        JOIN personas AS p ON p.id = r.persona_id
      WHERE r.persona_id = $1::uuid AND p.status = 'ACTIVE' AND p.deleted_at IS NULL
        AND (SELECT s.status FROM feedback_sessions AS s WHERE s.id = r.session_id) = 'IN_PROGRESS'
        AND r.status = 'PENDING' AND r.dispatched_at IS NULL AND r.queued_at IS NULL
      ORDER BY r.id FOR UPDATE OF r),
    queued AS (
      UPDATE feedback_results AS r SET queued_at = now(), updated_at = now() FROM ready WHERE r.id = ready.id
      RETURNING r.session_id)
    SELECT ARRAY(SELECT DISTINCT session_id::text FROM queued) AS sessions,
      EXISTS (SELECT 1 FROM personas WHERE id = $1::uuid AND (status = 'FAILED' OR deleted_at IS NOT NULL)) AS unavailable`,
};

/** On a persona's status event: queue (or fail) that persona's pairs in running sessions, and refill those sessions' windows. */
export async function dispatchPersonaPairs(deps: DispatchDeps, personaId: string, requestId: string): Promise<DispatchOutcome> {
  const { rows } = await deps.resultsPg.query<{ sessions: string[]; unavailable: boolean }>({
    ...QUEUE_PERSONA_PAIRS,
    values: [personaId],
  });
  const { sessions, unavailable } = rows[0]!;
  // Only an unavailable persona has pairs to fail: the search for them is skipped for every other.
  const sessionsWithFailures = unavailable
    ? await failPairs(deps.db, { personaId, ...waiting, session: { status: 'IN_PROGRESS' }, persona: personaUnavailable })
    : [];
  let dispatched = 0;
  for (const sessionId of sessions) dispatched += (await refillWindow(deps, sessionId, requestId)).dispatched;
  return { dispatched, sessionsWithFailures };
}

/** The pairs a take moved from the queue into the window, and whether the queue held pairs when it looked. */
export interface QueueTake {
  taken: string[];
  pairsWereQueued: boolean;
}

/** A finishing result's share of its session's finishing take (`shareFinishingTake`). */
export interface FinishingTake extends QueueTake {
  /** Places free in the window this result may fill: its taken pair's, and for one result of the take the room beyond what it took. */
  room: number;
}

/**
 * Fills the session's window from its queue and publishes what it took; returns how many. Called when
 * a session starts, when pairs are queued, when a result finishes (before its task is acked, so a
 * crash in between is refilled by the redelivery) and at instance start. Idempotent: with the window
 * full or the queue empty it takes nothing. `took`: the take the statement that finished a result
 * already made (`finishingTakesSql`), which this only publishes.
 */
export async function refillWindow(deps: DispatchDeps, sessionId: string, requestId: string, took?: QueueTake): Promise<Refill> {
  const { taken, pairsWereQueued } = took ?? (await takeFromQueue(deps.resultsPg, sessionId, deps.sessionWindow));
  if (taken.length === 0) return { dispatched: 0, pairsWereQueued };
  try {
    await deps.publishTasks(sessionId, taken, requestId);
  } catch (error) {
    // Nothing may stay marked that has no task: put the pairs back in the queue so a later refill publishes them.
    await deps.db.feedbackResult.updateMany({
      where: { id: { in: taken }, status: 'PENDING' },
      data: { dispatchedAt: null, queuedAt: new Date() },
    });
    throw error;
  }
  return { dispatched: taken.length, pairsWereQueued };
}

/**
 * The take, the one statement that moves the next queued pairs into the window (as its `locked` and
 * `taken` CTEs and the output columns, `QueueTake`'s): as many as the window has room
 * for, in queue order, only while the session runs. Two callers racing pick the same first pairs in the
 * same order, and the outer conditions (re-checked on a row another caller changed first) let only
 * one of them take each; so a pair is taken once and the window is not overfilled. `= ANY(ARRAY(…))`
 * rather than `IN (…)`: with IN the planner hashes the few ids and scans the whole table for them.
 * A claim whose lease ran out no longer holds a place: its task was dead-lettered or its consumer is
 * gone (any delivery may take such a claim over), and it must not shrink the session's window for good.
 * The queue is read by `queued_at` alone, on its partial index: every statement that moves a pair on
 * from waiting clears `queued_at`, and the update re-checks each row. With the status conditions in
 * the queue's reads the planner, misjudging how many of a session's rows wait, read every waiting row
 * through the unfinished-results index and sorted them: 4.7 ms against 0.3 ms with 4,000 pairs queued.
 * The rows are locked in id order, as every statement here takes many rows: updated in the order
 * the scan met them, a take and a persona's queueing (or two takes on different plans) deadlocked
 * (40P01) in 2 of 7 runs of a 2,000-persona audience, failing its start with a 503.
 * It also says whether the queue held pairs (the snapshot before the take), which spares a finished
 * result the completion check while the session has pairs still to run. Run on the results pool
 * (plugins/results-pool.ts): a statement of every result, where Prisma's runtime is most of a raw
 * statement's cost; and prepared once per connection (named), as planning it took several times
 * its execution. Named, each connection keeps the plan it made for its sixth call, often while the
 * table was small and without statistics (no ANALYZE had run): each read is written so that only
 * the index meant for it can serve it well, whatever the estimates, and the pool's connections plan
 * no table scan (the update of `taken`, a join, had found its rows by reading the whole table).
 * The window's count stops at the window (the room is the same) and is read in `dispatched_at`
 * order, which only the unfinished-results index gives: kept plans had counted through the
 * (session, persona, product) index, reading every row of the session. Unfinished is
 * `completed_at IS NULL`, the index's predicate (schema.prisma). The row lookup names no
 * `completed_at`, so the unfinished-results index cannot serve it (plans had read every undispatched
 * row of the table through it, for the ids). The queue check reads the queue's head in queue order,
 * on the queue's index, and only when the take took nothing (a take that took a pair found it
 * queued). The session is read by its key alone: with its status among the conditions, kept plans
 * read it through the status index, every running session's entry. With 4,000 pairs, buffers read
 * per refill: 1,600–2,900 before (four runs), 140–230 after (five), by pg_stat_statements.
 */
function takeFromQueueSql(sessionId: string, window: number): { ctes: Prisma.Sql; columns: Prisma.Sql } {
  const running = Prisma.sql`(SELECT s.status FROM feedback_sessions AS s WHERE s.id = ${sessionId}::uuid) = 'IN_PROGRESS'`;
  const ctes = Prisma.sql`locked AS (
       SELECT r.id FROM feedback_results AS r
       WHERE r.id = ANY(ARRAY(
           SELECT q.id FROM feedback_results AS q
           WHERE q.session_id = ${sessionId}::uuid AND q.queued_at IS NOT NULL
           ORDER BY q.queued_at, q.id
           LIMIT ${roomSql(Prisma.sql`${sessionId}::uuid`, window)}))
         AND r.status = 'PENDING' AND r.dispatched_at IS NULL AND r.queued_at IS NOT NULL AND ${running}
       ORDER BY r.id FOR UPDATE OF r),
     ${TAKEN}`;
  const columns = Prisma.sql`ARRAY(SELECT id::text FROM taken) AS taken,
       (EXISTS (SELECT FROM taken) OR ${queueHeadSql(Prisma.sql`${sessionId}::uuid`)} IS NOT NULL) AS "pairsWereQueued"`;
  return { ctes, columns };
}

/** The places free in a session's window: at most `window` of its unfinished dispatched results are counted, except `finishing`. */
function roomSql(session: Prisma.Sql, window: number, finishing = Prisma.empty): Prisma.Sql {
  const staleBefore = staleClaimsBefore(FeedbackGenerationTask.leaseMs);
  return Prisma.sql`GREATEST(0, ${window}::int - (
             SELECT count(*) FROM (
               SELECT FROM feedback_results AS f
               WHERE f.session_id = ${session} AND f.completed_at IS NULL AND f.dispatched_at IS NOT NULL
                 AND NOT (f.status = 'IN_PROGRESS' AND f.started_at < ${staleBefore}::timestamptz) ${finishing}
               ORDER BY f.dispatched_at LIMIT ${window}::int) AS in_flight))`;
}

/** The queue's head: its first pair's `queued_at`, null when nothing is queued. */
const queueHeadSql = (session: Prisma.Sql) =>
  Prisma.sql`(SELECT w.queued_at FROM feedback_results AS w
         WHERE w.session_id = ${session} AND w.queued_at IS NOT NULL ORDER BY w.queued_at LIMIT 1)`;

/** Moves the `locked` pairs into the window. */
const TAKEN = Prisma.sql`taken AS (
       UPDATE feedback_results AS r SET dispatched_at = now(), queued_at = NULL, updated_at = now()
       FROM locked WHERE r.id = locked.id AND r.status = 'PENDING' AND r.dispatched_at IS NULL
       RETURNING r.id, r.session_id)`;

/** What the results of one session that a store finished took from its queue (`finishingTakesSql`'s row). */
export interface SessionFinishingTake extends QueueTake {
  sessionId: string;
  /** The positions in the store's batch (its `key`s) of the session's answers it stored, ascending. */
  stored: number[];
  /** Places free in the window, the stored results' own included, as the take counted them. */
  room: number;
}

/**
 * The takes that ride in the statement that finishes results (answer-store.ts), one per session among
 * them, as CTEs after the CTE named `stored` (which returns each result it finished: `key`, `id`,
 * `session_id`) and the SELECT of one `SessionFinishingTake` row per session. Riding along saves each
 * result a statement and a commit, and nothing is taken for an answer that was not stored (its claim
 * was taken over), as a separate take would not have run. One snapshot serves the store and the take,
 * where the stored results still hold their places, so the count leaves them out. A session takes one
 * pair for each of its stored results' places, the first in queue order that no other take holds (SKIP
 * LOCKED): results finishing together each take their own pair instead of all waiting on the queue's
 * head, where all but one took nothing and ran a second take (11,346 of 20,000 in a 20,000-result
 * session). One place per stored result cannot overfill the window: every other take counts these
 * results as in flight until the statement commits. A window with more room than that (its places were
 * left empty while the queue was dry) is filled by an ordinary take, which `room` tells the caller to
 * run (`shareFinishingTake`). Never waiting on a row lock, it cannot deadlock however its pairs are ordered.
 */
export function finishingTakesSql(window: number): { ctes: Prisma.Sql; select: Prisma.Sql } {
  const session = Prisma.sql`s.session_id`;
  const ctes = Prisma.sql`finishing AS MATERIALIZED (
       SELECT s.session_id, s.keys, s.ids,
              ${roomSql(session, window, Prisma.sql`AND f.id <> ALL(s.ids)`)}::int AS room,
              (SELECT fs.status FROM feedback_sessions AS fs WHERE fs.id = s.session_id) = 'IN_PROGRESS' AS running
         FROM (SELECT session_id, array_agg(key ORDER BY key) AS keys, array_agg(id) AS ids FROM stored GROUP BY session_id) AS s),
     locked AS (
       SELECT q.id FROM finishing AS s CROSS JOIN LATERAL (
           SELECT r.id FROM feedback_results AS r
           WHERE r.session_id = s.session_id AND r.queued_at IS NOT NULL
           ORDER BY r.queued_at, r.id LIMIT LEAST(cardinality(s.ids), s.room)
           FOR UPDATE OF r SKIP LOCKED) AS q
        WHERE s.running),
     ${TAKEN}`;
  const select = Prisma.sql`SELECT s.session_id AS "sessionId", s.keys AS stored, s.room,
       ARRAY(SELECT t.id::text FROM taken AS t WHERE t.session_id = s.session_id) AS taken,
       (EXISTS (SELECT FROM taken AS t WHERE t.session_id = s.session_id) OR ${queueHeadSql(session)} IS NOT NULL) AS "pairsWereQueued"
     FROM finishing AS s`;
  return { ctes, select };
}

/**
 * A session's finishing take shared among the stored results that made it, by their positions in the
 * batch: each gets one of the pairs taken, in order, and the first also the room left beyond them, so
 * that one result (not each) runs the ordinary take that fills it (`afterResultFinished`).
 */
export function shareFinishingTake({ stored, taken, room, pairsWereQueued }: SessionFinishingTake): Map<number, FinishingTake> {
  return new Map(
    stored.map((key, i) => {
      const own = taken.slice(i, i + 1);
      return [key, { taken: own, pairsWereQueued, room: i === 0 ? room - taken.length + own.length : own.length }];
    }),
  );
}

async function takeFromQueue(pool: PgPool, sessionId: string, window: number): Promise<QueueTake> {
  const { ctes, columns } = takeFromQueueSql(sessionId, window);
  const statement = Prisma.sql`WITH ${ctes} SELECT ${columns}`;
  const { rows } = await pool.query<QueueTake>({ name: 'take-from-queue', text: statement.text, values: statement.values });
  return rows[0]!;
}

/** Fails the waiting pairs the filter selects (their persona failed or was deleted); returns the sessions touched. */
async function failPairs(db: PrismaClient, where: Prisma.FeedbackResultWhereInput): Promise<string[]> {
  const pairs = await db.feedbackResult.findMany({
    where,
    select: { id: true, sessionId: true, persona: { select: { failureReason: true } } },
  });
  const sessions = new Set<string>();
  for (const pair of pairs) {
    const { count } = await db.feedbackResult.updateMany({
      where: { id: pair.id, ...waiting },
      data: {
        status: 'FAILED',
        failureReason: `Persona generation failed: ${pair.persona.failureReason ?? 'persona unavailable'}`,
        completedAt: new Date(),
      },
    });
    if (count > 0) sessions.add(pair.sessionId);
  }
  return [...sessions];
}
