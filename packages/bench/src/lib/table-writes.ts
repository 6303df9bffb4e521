// How a table's rows were written, from PostgreSQL's cumulative statistics: updates, and how many of
// them were HOT (heap-only: no index written, as no indexed column changed and the page had room);
// and the transactions of every client of the database (a statement outside a transaction is one),
// which counts the round trips of the services whose connections are not counted on the wire.
// A backend sends its counts when idle, at the latest PGSTAT_IDLE_INTERVAL (10 s) after its last
// statement, so a reading waits that long first: only for counting runs.
import type { PrismaClient } from '@persona-lab/db';

const STATS_FLUSH_MS = 11_000;

export interface TableWrites {
  inserts: number;
  updates: number;
  hotUpdates: number;
  /** Committed and rolled back transactions in the table's database, every client's. */
  transactions: number;
}

export async function readTableWrites(db: PrismaClient, table: string): Promise<TableWrites> {
  await new Promise((resolve) => setTimeout(resolve, STATS_FLUSH_MS));
  const [row] = await db.$queryRaw<{ inserts: bigint; updates: bigint; hot: bigint; transactions: bigint }[]>`
    SELECT n_tup_ins AS inserts, n_tup_upd AS updates, n_tup_hot_upd AS hot,
           (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()) AS transactions
    FROM pg_stat_user_tables WHERE relname = ${table}`;
  return {
    inserts: Number(row!.inserts),
    updates: Number(row!.updates),
    hotUpdates: Number(row!.hot),
    transactions: Number(row!.transactions),
  };
}

/** The writes between two readings, per result. */
export function describeWrites(before: TableWrites, after: TableWrites, results: number): string {
  const updates = after.updates - before.updates;
  const hot = after.hotUpdates - before.hotUpdates;
  return (
    `${((after.inserts - before.inserts) / results).toFixed(2)} inserts and ${(updates / results).toFixed(2)} updates per result, ` +
    `${((100 * hot) / Math.max(1, updates)).toFixed(1)} % of the updates HOT; ` +
    `${((after.transactions - before.transactions) / results).toFixed(2)} transactions per result in the database, every service's`
  );
}
