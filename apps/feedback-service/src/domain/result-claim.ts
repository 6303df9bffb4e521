// A feedback task's first statement: it reads the result with what its generation needs (session,
// persona, product) and claims it, in one round trip on the pg pool under Prisma. The hottest
// statement of a result, so it skips Prisma's runtime (as product-api's listing does); the claim is
// the rule of claims.ts, and a cancelled session's result is never claimed. It reads the session's
// budget and running total too, so the budget check before the feedback call needs no statement. Named, so each connection
// parses and plans it once: planning it took 0.3 ms, several times its execution (EXPLAIN ANALYZE).
// The claim changes no indexed column (schema.prisma; `queued_at` is already null once the pair is dispatched),
// so its update is HOT, writing no index entry, whenever the row's page has room: 96 % of claims in bench:ceiling.
import { FeedbackGenerationTask } from '@persona-lab/contracts';
import {
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
const READ_AND_CLAIM = `
  WITH claimed AS (
    UPDATE feedback_results AS r
       SET status = 'IN_PROGRESS', started_at = $2, attempts = r.attempts + 1, queued_at = NULL, updated_at = now()
     WHERE r.id = $1::uuid
       AND (r.status = 'PENDING' OR (r.status = 'IN_PROGRESS' AND ($3::boolean OR r.started_at < $4)))
       AND EXISTS (SELECT 1 FROM feedback_sessions AS s WHERE s.id = r.session_id AND s.status <> 'CANCELLED')
    RETURNING r.attempts)
  SELECT r.id, r.status::text AS status, r.session_id AS "sessionId", (SELECT attempts FROM claimed) AS "claimedAttempts",
         json_build_object('id', s.id, 'status', s.status, 'language', s.language, 'ownerId', s.owner_id, 'seed', s.seed,
           'maxCostUsd', s.max_cost_usd::text, 'budgetReachedAt', s.budget_reached_at, 'budgetSpentUsd', s.budget_spent_usd::text) AS session,
         json_build_object('id', p.id, 'status', p.status, 'detailedBio', p.detailed_bio, 'productAttitudes', p.product_attitudes) AS persona,
         json_build_object('name', pr.name, 'description', pr.description, 'price', pr.price::text, 'currency', pr.currency,
           'category', pr.category, 'keyFeatures', pr.key_features) AS product
    FROM feedback_results AS r
    JOIN feedback_sessions AS s ON s.id = r.session_id
    JOIN personas AS p ON p.id = r.persona_id
    JOIN products AS pr ON pr.id = r.product_id
   WHERE r.id = $1::uuid`;

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

/**
 * The result with its session, persona and product, claimed for this delivery when it can be (PENDING,
 * or IN_PROGRESS as claims.ts allows, and its session not cancelled); null when the result is gone.
 */
export async function readAndClaimResult(pool: PgPool, resultId: string, delivery: Delivery): Promise<ResultToGenerate | null> {
  const { takeOverAnyClaim, staleBefore } = claimRule(delivery, FeedbackGenerationTask.leaseMs);
  const { rows } = await pool.query<ClaimRow>({
    name: 'read-and-claim-result',
    text: READ_AND_CLAIM,
    values: [resultId, new Date(), takeOverAnyClaim, staleBefore],
  });
  return rows[0] ? toResultToGenerate(rows[0]) : null;
}
