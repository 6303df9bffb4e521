// A session's optional budget (maxCostUsd). Enforced by the feedback consumer before each feedback
// call: when the session's stored cost has reached the budget, no more calls are made for it; the
// session is marked, every result not yet started is cancelled with the reason, and it completes
// with insights over what was answered. Calls already in flight when the budget is reached still
// finish and are stored, so a session can overshoot by at most the calls in flight at that moment
// (FEEDBACK_PREFETCH per consumer instance, each a feedback call and its embedding), plus its
// theme calls at completion. Persona generation is queued at the start and is not stopped, but its
// cost counts toward the budget.
import { BUDGET_REACHED_REASON } from '@persona-lab/contracts';
import type { Prisma, PrismaClient } from '@persona-lab/db';

export interface BudgetedSession {
  id: string;
  maxCostUsd: Prisma.Decimal | null;
  budgetReachedAt: Date | null;
  /**
   * The running total the database keeps on the session (trigger model_calls_add_to_budget: one
   * row, not every call), as read with the result's claim just before the check.
   */
  budgetSpentUsd: Prisma.Decimal;
}

/** True when the session's budget is spent; the first caller to find so also stops the session's pending work. */
export async function budgetReached(db: PrismaClient, session: BudgetedSession): Promise<boolean> {
  if (session.maxCostUsd === null) return false;
  if (session.budgetReachedAt === null) {
    if (session.budgetSpentUsd.lessThan(session.maxCostUsd)) return false;
    await db.feedbackSession.updateMany({ where: { id: session.id, budgetReachedAt: null }, data: { budgetReachedAt: new Date() } });
  }
  // Repeated by every caller that finds the budget reached: results dispatched later are cancelled too.
  await db.feedbackResult.updateMany({
    where: { sessionId: session.id, status: 'PENDING' },
    data: { status: 'CANCELLED', failureReason: BUDGET_REACHED_REASON, completedAt: new Date(), queuedAt: null },
  });
  return true;
}
