// The per-user limits a session start checks before anything starts: sessions running at once, and
// the daily budget of model calls (reserved in full up front, the unused part given back).
import type { StartFeedbackSessionRequest } from '@persona-lab/contracts';
import type { Prisma, PrismaClient } from '@persona-lab/db';
import { quotaExceeded } from '@persona-lab/service-kit';

export const RUNNING_SESSIONS_LIMIT = 'running-sessions';

export interface SessionQuotas {
  runningSessions: number;
  llmCallsPerDay: number;
}

/** Themes are aggregated per product, and once more overall when a session compares products. */
export const themeCallsOf = (products: number) => products + (products > 1 ? 1 : 0);

/** The most model calls a session can start: a persona each (audience mode), a feedback per pair, the themes. */
export function plannedModelCalls(request: StartFeedbackSessionRequest): { personas: number; total: number } {
  const products = request.productIds.length;
  const personas = request.personaIds?.length ?? request.personaCount ?? 0;
  const generated = request.personaIds ? 0 : personas;
  return { personas: generated, total: generated + products * personas + themeCallsOf(products) };
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
