// Point statements that many concurrent calls send at once (a cache lookup per gateway call, a claim
// per feedback task) cost PostgreSQL and the sender more per statement than per row: each is a round
// trip, a socket write that wakes a backend on this 2-core machine, a snapshot and an executor start
// (issue #17's profiles: a third of the gateway's and the feedback-service's busy time was `writev`
// under pg's query submit). A batcher gathers the calls made during one turn of the event loop and
// sends them as one statement over the array of their keys.
//
// DataLoader does the gathering; its default schedule closes a batch at the end of the current job,
// which holds only the calls one socket event made. `setImmediate` closes it after the loop's poll
// phase instead, so calls made by every socket event of that turn share it (no added wait: the check
// phase runs in the same turn). No memoisation: each call asks the database again.
import DataLoader from 'dataloader';

/**
 * Answers one batch: one answer per key, in the order of the keys. A key's answer may be an Error,
 * which rejects that call alone; a rejection of the whole promise rejects every call of the batch.
 */
export type BatchStatement<K, V> = (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>;

export interface StatementBatcher<K, V> {
  load(key: K): Promise<V>;
}

export interface BatcherOptions {
  /** The most keys one batch holds; a turn with more sends several. Unlimited by default. */
  maxBatchSize?: number;
}

export function createStatementBatcher<K, V>(statement: BatchStatement<K, V>, options: BatcherOptions = {}): StatementBatcher<K, V> {
  const loader = new DataLoader<K, V>(statement, { cache: false, batchScheduleFn: (send) => setImmediate(send), ...options });
  return { load: (key) => loader.load(key) };
}
