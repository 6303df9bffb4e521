// The per-user limits a session start checks before anything starts: sessions running at once, and
// the daily budget of model calls (reserved in full up front, the unused part given back).
import type { Prisma, PrismaClient } from '@persona-lab/db';
import { quotaExceeded } from '@persona-lab/service-kit';

// The number of model calls a start reserves is part of the contract (clients show it first).
export { plannedModelCalls } from '@persona-lab/contracts';

export const RUNNING_SESSIONS_LIMIT = 'running-sessions';

export interface SessionQuotas {
  runningSessions: number;
  llmCallsPerDay: number;
}

/** 429 when the owner already runs as many sessions as allowed. */
export async function requireRunningSessionSlot(db: PrismaClient | Prisma.TransactionClient, ownerId: string, limit: number) {
  const running = await db.feedbackSession.count({ where: { ownerId, status: { in: ['PENDING', 'IN_PROGRESS'] } } });
  if (running >= limit) {
    throw quotaExceeded(
      RUNNING_SESSIONS_LIMIT,
      `${running} of your sessions are running, the most allowed at once (${limit}); wait for one to finish or cancel one`,
    );
  }
}

/**
 * Runs `create` while no other start of the same owner can: the count and the insert happen under a
 * transaction-scoped advisory lock of the owner, so two starts racing cannot both take the last slot.
 */
export async function inRunningSessionSlot<T>(
  db: PrismaClient,
  ownerId: string,
  limit: number,
  create: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${`running-sessions:${ownerId}`}, 0))`;
      await requireRunningSessionSlot(tx, ownerId, limit);
      return create(tx);
    },
    { timeout: 30_000 },
  );
}
