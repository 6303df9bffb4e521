// The bare baseline of bench:ceiling: the broker and database work of one result and nothing else,
// with amqplib and pg. On the real migrated table and the rows the platform has just finished: they
// are put back to PENDING, one persistent message per result goes to a durable quorum queue (as
// the feedback tasks' queue is), and a consumer with the same prefetch takes each message, claims
// its row (a conditional UPDATE), stores the answer the platform stored (the same columns and
// sizes) and acks. No framework, no validation, no provider, no logging.
import amqp from 'amqplib';
import pg from 'pg';

import { onCleanup } from './lib/run.js';

export interface BaselineOptions {
  databaseUrl: string;
  rabbitmqUrl: string;
  /** The run's broker namespace: the baseline's queue is `<namespace>.ceiling-baseline`. */
  namespace: string;
  sessionId: string;
  prefetch: number;
  /** Connections of the pg pool (the service's DATABASE_POOL_SIZE). */
  poolSize: number;
}

interface StoredAnswer {
  id: string;
  feedback: string;
  purchase_intent: number;
  key_concerns: string[];
  purchase_statement: string;
  ssr_distribution: number[];
  ssr_rating: number | null;
}

/** The claim of the feedback consumer: PENDING, or IN_PROGRESS with a lapsed lease. */
const CLAIM = `
  UPDATE feedback_results SET status = 'IN_PROGRESS', started_at = now(), attempts = attempts + 1, queued_at = NULL, updated_at = now()
  WHERE id = $1 AND (status = 'PENDING' OR (status = 'IN_PROGRESS' AND started_at < $2))
  RETURNING attempts`;

const STORE = `
  UPDATE feedback_results SET status = 'COMPLETED', feedback = $3, purchase_intent = $4, key_concerns = $5, purchase_statement = $6,
    ssr_distribution = $7, ssr_rating = $8, failure_reason = NULL, completed_at = now(), updated_at = now()
  WHERE id = $1 AND status = 'IN_PROGRESS' AND attempts = $2`;

const LEASE_MS = 10 * 60_000;

/**
 * Runs the baseline over the session's completed results; resolves when every one is stored again,
 * its queue, connection and pool closed (a run may make more than one pass).
 */
export async function runBaseline(options: BaselineOptions): Promise<{ results: number }> {
  const connection = await amqp.connect(options.rabbitmqUrl);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const queue = `${options.namespace}.ceiling-baseline`;
  let closed = false;
  /** Deletes the pass's queue (its consumer would take the next pass's messages) and closes what it opened. */
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await connection.close();
    } finally {
      await pool.end();
    }
  };
  onCleanup(close);
  const { rows: answers } = await pool.query<StoredAnswer>(
    `SELECT id, feedback, purchase_intent, key_concerns, purchase_statement, ssr_distribution, ssr_rating
     FROM feedback_results WHERE session_id = $1 AND status = 'COMPLETED'`,
    [options.sessionId],
  );
  const byId = new Map(answers.map((answer) => [answer.id, answer]));
  await pool.query(
    `UPDATE feedback_results SET status = 'PENDING', feedback = NULL, purchase_intent = NULL, key_concerns = '{}', purchase_statement = NULL,
       ssr_distribution = '{}', ssr_rating = NULL, started_at = NULL, completed_at = NULL
     WHERE session_id = $1 AND status = 'COMPLETED'`,
    [options.sessionId],
  );

  const setup = await connection.createConfirmChannel();
  await setup.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  for (const id of byId.keys()) {
    setup.sendToQueue(queue, Buffer.from(JSON.stringify({ resultId: id, sessionId: options.sessionId })), { persistent: true });
  }
  await setup.waitForConfirms();

  const channel = await connection.createChannel();
  await channel.prefetch(options.prefetch);
  let remaining = byId.size;
  await new Promise<void>((resolve, reject) => {
    void channel.consume(queue, (message) => {
      if (message === null) return reject(new Error('the baseline consumer was cancelled'));
      const { resultId } = JSON.parse(message.content.toString()) as { resultId: string };
      const answer = byId.get(resultId);
      if (!answer) return reject(new Error(`the baseline was given result ${resultId}, not one of its session's`));
      void (async () => {
        const claim = await pool.query<{ attempts: number }>(CLAIM, [resultId, new Date(Date.now() - LEASE_MS)]);
        const attempts = claim.rows[0]?.attempts;
        if (attempts !== undefined) {
          await pool.query(STORE, [
            resultId,
            attempts,
            answer.feedback,
            answer.purchase_intent,
            answer.key_concerns,
            answer.purchase_statement,
            answer.ssr_distribution,
            answer.ssr_rating,
          ]);
        }
        channel.ack(message);
        remaining -= 1;
        if (remaining === 0) resolve();
      })().catch(reject);
    });
  });
  await close();
  return { results: byId.size };
}
