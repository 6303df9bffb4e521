// Completing a session exactly once. Many consumer instances may finish the last results at the same
// moment; each then calls `completeIfFinished`. Only the holder of the redlock lock
// `feedback-session-lock:{id}` aggregates, and the final write is a conditional update from
// IN_PROGRESS, so even a holder whose lock expired mid-way cannot complete a session twice.
import type { SessionInsights } from '@persona-lab/contracts';
import type { PgPool, PrismaClient } from '@persona-lab/db';
import { recordModelCall, type RequestContext } from '@persona-lab/service-kit';
import { startPanelHelperThread } from '@persona-lab/statistics';

import type { FeedbackDeps } from './deps.js';
import { seedOf, type SessionStats, sessionStats } from './insights.js';
import { type InsightsPanel, InsightsPanelReader, type ResultAnswer, type Segments } from './insights-panel.js';
import { StepTimes } from './step-times.js';

/**
 * Long enough for the insights of the largest session (20,000 results: stored 1.4–1.5 s after the
 * last answer, the intervals' resampling shared with a helper thread), during which the event loop
 * cannot extend the lock.
 */
export const SESSION_LOCK_TTL_MS = 30_000;
export const sessionLockKey = (sessionId: string) => `feedback-session-lock:${sessionId}`;

export type CompletionDeps = Pick<FeedbackDeps, 'db' | 'pg' | 'ai' | 'withLock' | 'announce' | 'recordSession' | 'recordCompletionSteps'>;

export type CompletionOutcome = 'not-finished' | 'already-finished' | 'busy' | 'completed' | 'failed';

/** Another instance holds the session's lock: it is completing the session, so this one need not. */
export class LockBusyError extends Error {
  constructor(readonly key: string) {
    super(`lock ${key} is held by another instance`);
  }
}

/**
 * Whether every result of the session is finished ('closed' when the session is not running). One
 * statement, as it runs after each of a session's last results: the session's status and an
 * existence check on the unfinished-results index, not a count.
 */
async function isFinished(db: PrismaClient, sessionId: string): Promise<boolean | 'closed'> {
  const [session] = await db.$queryRaw<{ status: string; unfinished: boolean }[]>`
    SELECT s.status::text AS status,
      EXISTS (SELECT 1 FROM feedback_results AS r WHERE r.session_id = s.id AND r.completed_at IS NULL) AS unfinished
    FROM feedback_sessions AS s WHERE s.id = ${sessionId}::uuid`;
  if (!session || session.status !== 'IN_PROGRESS') return 'closed';
  return !session.unfinished;
}

/** The bootstrap's seed and the model's: a replay gets the same of both, so the same insights. */
interface InsightSeeds {
  bootstrap: number;
  /** The session's seed; absent on sessions older than seeds. */
  model?: number;
}

/** Whose session it is: its theme calls are stored against it. */
interface SessionOwner {
  sessionId: string;
  ownerId: string;
}

/** The themes of a group's concerns, and whether the model that found them was simulated. */
type Themes = Awaited<ReturnType<typeof themesOf>>;

async function themesOf(deps: CompletionDeps, concerns: string[], seeds: InsightSeeds, owner: SessionOwner, requestId: string) {
  if (concerns.length === 0) return { themes: [], simulated: false };
  const { themes, simulated, call } = await deps.ai.aggregateThemes(concerns, requestId, seeds.model);
  await recordModelCall(deps.db, { userId: owner.ownerId, sessionId: owner.sessionId, kind: 'THEMES' }, call);
  return { themes, simulated };
}

/**
 * From this many results a session's intervals share their resampling with a helper thread, started
 * when the insights begin rather than when the intervals do. At 2,000 (200 personas × 10 products,
 * four segment dimensions) that ends within 15 ms of one thread either way; from 6,000, 15–35 %
 * sooner (medians from dist, the helper started 300 ms ahead).
 */
const HELPER_THREAD_MIN_RESULTS = 2_000;

/** Personas fetched per page (with all their results): a 20,000-result session is never held whole, only its panel. */
export const PERSONAS_PAGE = 200;

/** A result as the panel's query returns it, in a persona's row: the fields of {@link ResultAnswer}, in a JSON array. */
type ResultTuple = [
  productId: ResultAnswer['productId'],
  status: ResultAnswer['status'],
  purchaseIntent: ResultAnswer['purchaseIntent'],
  keyConcerns: ResultAnswer['keyConcerns'],
  ssrDistribution: ResultAnswer['ssrDistribution'],
  ssrRating: ResultAnswer['ssrRating'],
];

/** A persona as the panel's query returns it: its segment fields and its results, in product id order. */
interface PanelRow extends Segments {
  personaId: string;
  results: ResultTuple[];
}

/**
 * The session's results read page by page into the insights' panel: their answers, SSR ratings,
 * concerns and the personas' segment fields. In persona then product order, which a replay shares
 * with its original (result ids and creation times differ): the concerns sent for themes, and so the
 * cache key, come out the same.
 * One row per persona, its results a JSON array built by PostgreSQL: parsing 20,000 rows whose
 * concerns and SSR distributions were PostgreSQL arrays took 250–340 ms (pg parses array literals
 * character by character in JavaScript), against 120–180 ms for 2,000 rows of JSON (JSON.parse).
 * One query through a cursor, fetched a page at a time: a query per page (keyset) was planned on
 * the statistics of the session's results from before they were written, far too few rows, so
 * each page joined and sorted every result after its key (77 ms for the 6th of 10 pages at
 * 20,000). On the pg pool rather than Prisma: at 20,000 rows Prisma's runtime took 1.4–1.7 × the
 * CPU of the plain query, inside the 2 s the insights have after the last answer.
 */
export async function readInsightsPanel(
  pg: PgPool,
  sessionId: string,
  products: readonly { id: string; name: string }[],
  pageSize = PERSONAS_PAGE,
): Promise<InsightsPanel> {
  // FETCH takes its count as a literal, not a parameter.
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`a page holds at least one persona, not ${pageSize}`);
  const reader = new InsightsPanelReader(products);
  const client = await pg.connect();
  try {
    // A cursor lives in a transaction; one snapshot for every page, too.
    await client.query('BEGIN READ ONLY');
    await client.query({
      text: `DECLARE insights_panel NO SCROLL CURSOR FOR
        SELECT p.id AS "personaId", p.gender::text AS gender, p.age_group AS "ageGroup", p.country, p.income_level AS "incomeLevel",
          json_agg(json_build_array(r.product_id, r.status::text, r.purchase_intent, COALESCE(r.key_concerns, '{}'),
            COALESCE(r.ssr_distribution, '{}'), r.ssr_rating) ORDER BY r.product_id) AS results
        FROM feedback_results AS r JOIN personas AS p ON p.id = r.persona_id
        WHERE r.session_id = $1::uuid
        GROUP BY p.id
        ORDER BY p.id`,
      values: [sessionId],
    });
    for (;;) {
      const { rows: page } = await client.query<PanelRow>(`FETCH ${pageSize} FROM insights_panel`);
      for (const persona of page) {
        for (const [productId, status, purchaseIntent, keyConcerns, ssrDistribution, ssrRating] of persona.results) {
          reader.add({ productId, personaId: persona.personaId, status, purchaseIntent, keyConcerns, ssrDistribution, ssrRating }, persona);
        }
      }
      if (page.length < pageSize) break;
    }
    await client.query('COMMIT');
  } catch (error) {
    // The connection may be mid-transaction: it is closed rather than returned to the pool.
    client.release(error as Error);
    throw error;
  }
  client.release();
  return reader.finish();
}

/** Lets pending I/O (the theme calls just sent) go out before a long computation holds the event loop. */
const afterPendingIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Aggregates insights for the whole session and for each product (side by side), and compares the
 * products pairwise. `steps` gets the read, the figures (stats: from the start of their computation until
 * they are done, the bootstrap's helper thread included) and the wait for the themes after.
 */
export async function buildInsights(
  deps: CompletionDeps,
  sessionId: string,
  requestId: string,
  steps = new StepTimes(),
): Promise<SessionInsights> {
  const sessionProducts = await deps.db.feedbackSessionProduct.findMany({
    where: { sessionId },
    orderBy: { position: 'asc' },
    include: { product: { select: { id: true, name: true } } },
  });
  const products = sessionProducts.map(({ product }) => product);
  const session = await deps.db.feedbackSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { seed: true, ownerId: true, totalResults: true },
  });
  const seeds: InsightSeeds = session.seed === null ? { bootstrap: seedOf(sessionId) } : { bootstrap: session.seed, model: session.seed };
  const owner = { sessionId, ownerId: session.ownerId };
  // Started before the read, so that it is ready when the intervals are computed.
  const helperThread = session.totalResults >= HELPER_THREAD_MIN_RESULTS ? startPanelHelperThread() : undefined;
  try {
    const panel = await readInsightsPanel(deps.pg, sessionId, products);
    steps.lap('read');
    const themesFor = (concerns: string[]) => themesOf(deps, concerns, seeds, owner, requestId);
    // The theme calls go out first and the figures are computed while the gateway works on them.
    // With one product the overall view is that product's view: no second theme call.
    const [productThemes, overallThemes, stats] = await Promise.all([
      Promise.all(panel.concerns.byProduct.map((tally) => themesFor(tally.forThemes()))),
      products.length === 1 ? null : themesFor(panel.concerns.overall.forThemes()),
      afterPendingIo().then(() => steps.time('stats', () => sessionStats(panel, seeds.bootstrap, helperThread))),
    ]);
    steps.lap('themesAndStats');
    return insightsOf(products, stats, productThemes, overallThemes);
  } finally {
    helperThread?.end();
  }
}

function insightsOf(
  products: readonly { id: string; name: string }[],
  stats: SessionStats,
  productThemes: readonly Themes[],
  overallThemes: Themes | null,
): SessionInsights {
  const perProduct = products.map((product, k) => ({
    productId: product.id,
    productName: product.name,
    ...stats.products[k]!,
    keyThemes: productThemes[k]!.themes,
  }));
  const overall = overallThemes ?? productThemes[0]!;
  return {
    overall: { ...stats.overall, keyThemes: overall.themes },
    products: perProduct,
    comparisons: stats.comparisons,
    simulated: overall.simulated || productThemes.some((themes) => themes.simulated),
  };
}

export async function completeIfFinished(
  deps: CompletionDeps,
  sessionId: string,
  { requestId, log }: RequestContext,
): Promise<CompletionOutcome> {
  const steps = new StepTimes();
  const before = await isFinished(deps.db, sessionId);
  steps.lap('check');
  if (before === 'closed') return 'already-finished';
  if (!before) return 'not-finished';

  return deps
    .withLock(sessionLockKey(sessionId), SESSION_LOCK_TTL_MS, async (): Promise<CompletionOutcome> => {
      steps.lap('lock');
      const now = await isFinished(deps.db, sessionId);
      steps.lap('recheck');
      if (now === 'closed') return 'already-finished';
      if (!now) return 'not-finished';

      const insights = await buildInsights(deps, sessionId, requestId, steps);
      const nothingCompleted = insights.overall.completed === 0;
      const { budgetReachedAt } = await deps.db.feedbackSession.findUniqueOrThrow({
        where: { id: sessionId },
        select: { budgetReachedAt: true },
      });
      const { count } = await deps.db.feedbackSession.updateMany({
        where: { id: sessionId, status: 'IN_PROGRESS' },
        data: {
          status: nothingCompleted ? 'FAILED' : 'COMPLETED',
          insights,
          completedAt: new Date(),
          failureReason: nothingCompleted ? (budgetReachedAt ? 'The budget was reached before any answer' : 'Every result failed') : null,
        },
      });
      steps.lap('write');
      if (count === 0) return 'already-finished';
      log.debug({ sessionId, results: insights.overall.results, stepsMs: steps.ms }, 'feedback session insights timed');
      deps.recordCompletionSteps(steps.ms);
      log.info(
        { sessionId, average: insights.overall.averagePurchaseIntent, likelyBuyers: insights.overall.likelyBuyerPercentage },
        nothingCompleted ? 'feedback session failed: every result failed' : 'feedback session completed',
      );
      deps.recordSession(nothingCompleted ? 'failed' : 'completed');
      await deps.announce(sessionId);
      return nothingCompleted ? 'failed' : 'completed';
    })
    .catch((error: unknown) => {
      // The holder completes it, or its own task is retried until it does. A Redis failure is rethrown,
      // so this task is retried and completion happens once Redis is back.
      if (error instanceof LockBusyError) return 'busy' as const;
      throw error;
    });
}
