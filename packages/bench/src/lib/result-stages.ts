// Where a result's time went, read off the times the platform stores with it: `dispatched_at` (its
// task was published, taking a place in the session's window), `started_at` (a consumer claimed it)
// and `completed_at` (its answer was stored). The window's places are the pipeline's concurrency, so
// the time a place is held beyond the provider's latency is what keeps the pipeline from its ideal.
import { Prisma, type PrismaClient } from '@persona-lab/db';

import { ms } from './report.js';

interface StageRow {
  results: number;
  queued_p50: number;
  queued_p90: number;
  queued_mean: number;
  working_p50: number;
  working_p90: number;
  working_mean: number;
  held_ms: number;
  span_ms: number;
}

/** Which of a session's results a description covers: those published before or from a moment, with a label. */
export interface ResultPhase {
  label: string;
  dispatched: { before: Date } | { from: Date };
}

/**
 * Lines describing the stages of a session's completed results (times in ms, p50 / p90 / mean), of all of
 * them or of those of `phase`. The places a phase's results held are averaged over the span of that phase's results.
 */
export async function describeResultStages(
  db: PrismaClient,
  sessionId: string,
  window: number,
  latencyMs: number,
  phase?: ResultPhase,
): Promise<string[]> {
  const inPhase = !phase
    ? Prisma.empty
    : 'before' in phase.dispatched
      ? Prisma.sql`AND dispatched_at < ${phase.dispatched.before}`
      : Prisma.sql`AND dispatched_at >= ${phase.dispatched.from}`;
  const [row] = await db.$queryRaw<StageRow[]>`
    WITH stages AS (
      SELECT extract(epoch FROM started_at - dispatched_at) * 1000 AS queued,
             extract(epoch FROM completed_at - started_at) * 1000 AS working,
             dispatched_at, completed_at
      FROM feedback_results
      WHERE session_id = ${sessionId}::uuid AND status = 'COMPLETED' AND dispatched_at IS NOT NULL AND started_at IS NOT NULL
        ${inPhase})
    SELECT count(*)::int AS results,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY queued)::float8 AS queued_p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY queued)::float8 AS queued_p90,
      avg(queued)::float8 AS queued_mean,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY working)::float8 AS working_p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY working)::float8 AS working_p90,
      avg(working)::float8 AS working_mean,
      sum(queued + working)::float8 AS held_ms,
      (extract(epoch FROM max(completed_at) - min(dispatched_at)) * 1000)::float8 AS span_ms
    FROM stages`;
  const of = phase ? ` ${phase.label}` : '';
  if (!row || row.results === 0) return [`  result stages${of}: no completed result carries its times`];
  const triple = (p50: number, p90: number, mean: number) => `${ms(p50)} / ${ms(p90)} / ${ms(mean)}`;
  const cycleMs = row.queued_mean + row.working_mean;
  return [
    `  result stages${of} (p50 / p90 / mean), from the stored times of ${row.results} results:`,
    `    published → claimed by a consumer (broker, prefetch):            ${triple(row.queued_p50, row.queued_p90, row.queued_mean)}`,
    `    claimed → answer stored (gateway, provider ${latencyMs} ms, embedding, store): ${triple(row.working_p50, row.working_p90, row.working_mean)}`,
    `    a window place is held ${ms(cycleMs)} per result, ${ms(cycleMs - latencyMs)} beyond the provider's latency; ` +
      `places held on average ${(row.held_ms / row.span_ms).toFixed(1)} of ${window}`,
  ];
}
