// A feedback task's first statement: it reads the result with what its generation needs (session,
// persona, product) and claims it, on the results pool (plugins/results-pool.ts), in one statement
// with the claims of every task that arrived in the same loop turn: each statement is a round trip
// that wakes a backend (issue #17). The hottest statement of a result, so it skips Prisma's runtime (as product-api's
// listing does); the claim is the rule of claims.ts, and a cancelled session's result is never claimed. It reads the session's
// budget and running total too, so the budget check before the feedback call needs no statement. Named, so each connection
// parses and plans it once (see `LIMIT $5` below): planning it took 1 ms, more than executing a batch of 3 (0.4 ms, EXPLAIN ANALYZE).
// The claim changes no indexed column (schema.prisma; `queued_at` is already null once the pair is dispatched),
// so its update is HOT, writing no index entry, whenever the row's page has room: 96 % of claims in bench:ceiling.
import { FeedbackGenerationTask } from '@persona-lab/contracts';
import {
  byCodeUnits,
  createStatementBatcher,
  type FeedbackResultModel,
  type FeedbackSessionModel,
  type PersonaModel,
  type PgPool,
  Prisma,
  type ProductModel,
} from '@persona-lab/db';
import type { Delivery } from '@persona-lab/messaging';

import { claimRule } from './claims.js';

export interface ResultToGenerate extends Pick<FeedbackResultModel, 'id' | 'status' | 'sessionId'> {
  /** The attempt number of this delivery's claim, or null when the result could not be claimed (see `status`). */
  claimedAttempts: number | null;
  session: Pick<
    FeedbackSessionModel,
    'id' | 'status' | 'language' | 'ownerId' | 'seed' | 'maxCostUsd' | 'budgetReachedAt' | 'budgetSpentUsd'
  >;
  persona: Pick<PersonaModel, 'id' | 'status' | 'detailedBio' | 'productAttitudes'>;
  product: Pick<ProductModel, 'name' | 'description' | 'price' | 'currency' | 'category' | 'keyFeatures'>;
}

/** The statement's row: numerics and timestamps inside JSON arrive as text, mapped by `toResultToGenerate`. */
type ClaimRow = Omit<ResultToGenerate, 'session' | 'persona' | 'product'> & {
  session: Omit<ResultToGenerate['session'], 'maxCostUsd' | 'budgetReachedAt' | 'budgetSpentUsd'> & {
    maxCostUsd: string | null;
    budgetReachedAt: string | null;
    budgetSpentUsd: string;
  };
  persona: ResultToGenerate['persona'];
  product: Omit<ResultToGenerate['product'], 'price'> & { price: string };
};

// The outer SELECT reads the snapshot from before the claim: `status` is the result's status as the
// task found it, whether or not `claimed` took it. Relations come back as JSON objects keyed by the
// models' field names, so the row maps onto the Prisma types without a column list twice. The claim
// takes the pair out of the session's queue too: a task that arrives before its pair's turn (a
// duplicate publish) is done now, and the refill must not find the pair waiting at the head of the queue.
// One statement claims a batch: each key brings its delivery's claim rule, and its row comes back
// with its position in the batch (`key`). A key whose result is gone has no row.
// `LIMIT $5` (the number of keys, so it cuts nothing) is for the planner: it takes an array parameter
// for 10 elements and a LIMIT parameter for 10 % of its input, so the generic plan costs a batch of 1.
// Otherwise it costs more than the custom plans of a few keys and PostgreSQL plans every execution
// anew (1 ms, more than executing a batch of 3), never settling on the generic plan.
const READ_AND_CLAIM = `
  WITH keys AS (
    SELECT * FROM unnest($1::uuid[], $3::boolean[], $4::timestamptz[]) WITH ORDINALITY AS k(id, take_over_any_claim, stale_before, key)
     LIMIT $5),
  claimed AS (
    UPDATE feedback_results AS r
       SET status = 'IN_PROGRESS', started_at = $2, attempts = r.attempts + 1, queued_at = NULL, updated_at = now()
      FROM keys AS k
     WHERE r.id = k.id
       AND (r.status = 'PENDING' OR (r.status = 'IN_PROGRESS' AND (k.take_over_any_claim OR r.started_at < k.stale_before)))
       AND EXISTS (SELECT 1 FROM feedback_sessions AS s WHERE s.id = r.session_id AND s.status <> 'CANCELLED')
    RETURNING r.id, r.attempts)
  SELECT k.key, r.id, r.status::text AS status, r.session_id AS "sessionId", c.attempts AS "claimedAttempts",
         json_build_object('id', s.id, 'status', s.status, 'language', s.language, 'ownerId', s.owner_id, 'seed', s.seed,
           'maxCostUsd', s.max_cost_usd::text, 'budgetReachedAt', s.budget_reached_at, 'budgetSpentUsd', s.budget_spent_usd::text) AS session,
         json_build_object('id', p.id, 'status', p.status, 'detailedBio', p.detailed_bio, 'productAttitudes', p.product_attitudes) AS persona,
         json_build_object('name', pr.name, 'description', pr.description, 'price', pr.price::text, 'currency', pr.currency,
           'category', pr.category, 'keyFeatures', pr.key_features) AS product
    FROM keys AS k
    JOIN feedback_results AS r ON r.id = k.id
    JOIN feedback_sessions AS s ON s.id = r.session_id
    JOIN personas AS p ON p.id = r.persona_id
    JOIN products AS pr ON pr.id = r.product_id
    LEFT JOIN claimed AS c ON c.id = r.id`;

function toResultToGenerate({ session, product, ...row }: ClaimRow): ResultToGenerate {
  return {
    ...row,
    session: {
      ...session,
      maxCostUsd: session.maxCostUsd === null ? null : new Prisma.Decimal(session.maxCostUsd),
      budgetReachedAt: session.budgetReachedAt === null ? null : new Date(session.budgetReachedAt),
      budgetSpentUsd: new Prisma.Decimal(session.budgetSpentUsd),
    },
    product: { ...product, price: new Prisma.Decimal(product.price) },
  };
}

/** One delivery's claim of a result: the result's id and the delivery's claim rule (claims.ts). */
export interface ResultClaim {
  resultId: string;
  takeOverAnyClaim: boolean;
  staleBefore: Date;
}

/** Reads and claims a result for a delivery: the claims of one loop turn go out together (`createResultClaimer`). */
export type ClaimResult = (resultId: string, delivery: Delivery) => Promise<ResultToGenerate | null>;

/**
 * Splits claims into rounds in which each result appears once, in order: a result delivered twice in
 * one batch (a duplicate publish) is claimed by its first delivery in one round and its second in the
 * next, as if the two claims had run one after the other. Each round is sorted by id, so concurrent
 * batches (other instances) lock their rows in the same order and wait for each other instead of deadlocking.
 */
function roundsOfDistinctResults(claims: readonly ResultClaim[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  claims.forEach((claim, index) => {
    const id = claim.resultId.toLowerCase();
    const round = seen.get(id) ?? 0;
    seen.set(id, round + 1);
    (rounds[round] ??= []).push(index);
  });
  const byId = (a: number, b: number) => byCodeUnits(claims[a]!.resultId.toLowerCase(), claims[b]!.resultId.toLowerCase());
  return rounds.map((round) => round.sort(byId));
}

async function claimRound(pool: PgPool, claims: readonly ResultClaim[]): Promise<Array<ResultToGenerate | null>> {
  const { rows } = await pool.query<ClaimRow & { key: string }>({
    name: 'read-and-claim-results',
    text: READ_AND_CLAIM,
    values: [
      claims.map((claim) => claim.resultId),
      new Date(),
      claims.map((claim) => claim.takeOverAnyClaim),
      claims.map((claim) => claim.staleBefore),
      claims.length,
    ],
  });
  const answers = new Array<ResultToGenerate | null>(claims.length).fill(null);
  for (const { key, ...row } of rows) answers[Number(key) - 1] = toResultToGenerate(row);
  return answers;
}

/**
 * Each claim's result with its session, persona and product, claimed for its delivery when it can be
 * (PENDING, or IN_PROGRESS as its rule allows, and its session not cancelled); null when the result is
 * gone. One statement, or one per round when a result appears more than once.
 */
async function readAndClaimResults(pool: PgPool, claims: readonly ResultClaim[]): Promise<Array<ResultToGenerate | null>> {
  const answers = new Array<ResultToGenerate | null>(claims.length).fill(null);
  for (const round of roundsOfDistinctResults(claims)) {
    const claimed = await claimRound(
      pool,
      round.map((index) => claims[index]!),
    );
    round.forEach((index, position) => (answers[index] = claimed[position]!));
  }
  return answers;
}

/**
 * The pool owner's claimer: each call reads and claims one result for one delivery, and the calls of
 * one loop turn (the tasks one batch of deliveries brought) share one statement.
 */
export function createResultClaimer(pool: PgPool): ClaimResult {
  const batcher = createStatementBatcher<ResultClaim, ResultToGenerate | null>((claims) => readAndClaimResults(pool, claims));
  return (resultId, delivery) => batcher.load({ resultId, ...claimRule(delivery, FeedbackGenerationTask.leaseMs) });
}
