// A user's model calls in the current UTC day and month, from the stored calls.
import type { UserUsage } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';
import { modelCallTotals } from '@persona-lab/service-kit';

export async function usageOfUser(db: PrismaClient, userId: string, now: Date): Promise<UserUsage> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [day, month] = await Promise.all([
    modelCallTotals(db, { userId, createdAt: { gte: dayStart } }),
    modelCallTotals(db, { userId, createdAt: { gte: monthStart } }),
  ]);
  return {
    day: { date: dayStart.toISOString().slice(0, 10), ...day },
    month: { month: monthStart.toISOString().slice(0, 7), ...month },
  };
}
