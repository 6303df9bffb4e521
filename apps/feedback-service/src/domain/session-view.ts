// The one place where stored sessions and results become the contract shapes clients see.
import {
  type FeedbackResult,
  type FeedbackSession,
  type FeedbackSessionSummary,
  type PersonaProfile,
  type SessionInsights,
  type SessionProgress,
  type UsageTotals,
} from '@persona-lab/contracts';
import type { FeedbackResultModel, FeedbackSessionModel, PrismaClient } from '@persona-lab/db';

export type StatusCounts = Partial<Record<'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED', number>>;

export function progressOf(total: number, counts: StatusCounts): SessionProgress {
  const completed = counts.COMPLETED ?? 0;
  const failed = counts.FAILED ?? 0;
  const cancelled = counts.CANCELLED ?? 0;
  return { total, completed, failed, cancelled, pending: Math.max(0, total - completed - failed - cancelled) };
}

/** Result counts by status for each of the given sessions, in one query. */
export async function countResults(db: PrismaClient, sessionIds: string[]): Promise<Map<string, StatusCounts>> {
  const groups = await db.feedbackResult.groupBy({
    by: ['sessionId', 'status'],
    where: { sessionId: { in: sessionIds } },
    _count: { _all: true },
  });
  const bySession = new Map<string, StatusCounts>();
  for (const group of groups) {
    const counts = bySession.get(group.sessionId) ?? {};
    counts[group.status] = group._count._all;
    bySession.set(group.sessionId, counts);
  }
  return bySession;
}

type SessionWithProducts = FeedbackSessionModel & { products: { product: { id: string; name: string } }[] };

export function toSummary(session: SessionWithProducts, counts: StatusCounts): FeedbackSessionSummary {
  return {
    id: session.id,
    status: session.status,
    language: session.language,
    products: session.products.map(({ product }) => ({ id: product.id, name: product.name })),
    progress: progressOf(session.totalResults, counts),
    createdAt: session.createdAt.toISOString(),
    completedAt: session.completedAt?.toISOString() ?? null,
  };
}

/** The persona fields a result is shown with: its name and what a researcher cross-tabulates by. */
export const resultPersonaFields = {
  name: true,
  gender: true,
  age: true,
  ageGroup: true,
  country: true,
  region: true,
  incomeLevel: true,
} as const;

export type ResultRow = FeedbackResultModel & { persona: { name: string | null } & PersonaProfile };

export function toResult(row: ResultRow, usage?: UsageTotals): FeedbackResult {
  const { name, ...persona } = row.persona;
  return {
    id: row.id,
    productId: row.productId,
    personaId: row.personaId,
    personaName: name,
    persona,
    status: row.status,
    feedback: row.feedback,
    purchaseIntent: row.purchaseIntent,
    purchaseStatement: row.purchaseStatement,
    ssr:
      row.ssrRating !== null && row.ssrDistribution.length === 5
        ? { distribution: row.ssrDistribution, expectedRating: row.ssrRating }
        : null,
    keyConcerns: row.keyConcerns,
    failureReason: row.failureReason,
    ...(usage ? { usage } : {}),
  };
}

export function toSession(session: SessionWithProducts, counts: StatusCounts, usage: UsageTotals): FeedbackSession {
  return {
    ...toSummary(session, counts),
    insights: (session.insights as SessionInsights | null) ?? null,
    failureReason: session.failureReason,
    ...(session.seed !== null ? { seed: session.seed } : {}),
    ...(session.replayOfId !== null ? { replayOf: session.replayOfId } : {}),
    usage,
    budget: session.maxCostUsd === null ? null : { maxCostUsd: session.maxCostUsd.toNumber(), reached: session.budgetReachedAt !== null },
  };
}
