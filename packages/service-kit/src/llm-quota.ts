// The daily budget of model calls a user's requests may start (persona generation, feedback, themes),
// shared by every service through one row per user and UTC day. Calls are reserved before any work
// starts, by one conditional increment, so concurrent requests can never overshoot the limit, and a
// request over the budget starts nothing. The same statement checks that the token's user exists and
// is active (`requireActiveUser` says so earlier, before a request's other checks): money is never
// spent for an account that is gone.
import type { PrismaClient } from '@persona-lab/db';

import { Errors, quotaExceeded } from './errors.js';

export const LLM_CALLS_LIMIT = 'llm-calls-per-day';

/** What was granted: give back what a request will not use with `releaseLlmCalls`. */
export interface LlmCallReservation {
  userId: string;
  /** The UTC day the calls were counted on. */
  day: Date;
  calls: number;
}

const secondsUntilNextUtcDay = (now = new Date()) =>
  (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;

/** 401 unless the token's user exists and is active: checked first by every request that costs money. */
export async function requireActiveUser(db: PrismaClient, userId: string): Promise<void> {
  const account = await db.user.findFirst({ where: { id: userId, isActive: true, deletedAt: null }, select: { id: true } });
  if (!account) throw inactiveAccount();
}

const inactiveAccount = () => new Errors.Unauthorized('The account of this access token does not exist or is disabled');

export async function reserveLlmCalls(db: PrismaClient, userId: string, calls: number, limitPerDay: number): Promise<LlmCallReservation> {
  const granted = await db.$queryRaw<{ day: Date }[]>`
    WITH account AS (SELECT id FROM users WHERE id = ${userId}::uuid AND is_active AND deleted_at IS NULL)
    INSERT INTO llm_usage_daily (user_id, day, calls)
    SELECT id, (now() AT TIME ZONE 'UTC')::date, ${calls}::int FROM account WHERE ${calls}::int <= ${limitPerDay}::int
    ON CONFLICT (user_id, day) DO UPDATE SET calls = llm_usage_daily.calls + EXCLUDED.calls
      WHERE llm_usage_daily.calls + EXCLUDED.calls <= ${limitPerDay}::int
    RETURNING day`;
  if (granted[0]) return { userId, day: granted[0].day, calls };

  await requireActiveUser(db, userId);
  const [today] = await db.$queryRaw<{ calls: number }[]>`
    SELECT calls FROM llm_usage_daily WHERE user_id = ${userId}::uuid AND day = (now() AT TIME ZONE 'UTC')::date`;
  const used = today?.calls ?? 0;
  throw quotaExceeded(
    LLM_CALLS_LIMIT,
    `This request needs ${calls} model calls, and ${Math.max(0, limitPerDay - used)} of the ${limitPerDay} allowed per day (UTC) are left`,
    secondsUntilNextUtcDay(),
  );
}

/** Gives back calls a request reserved but will not make (e.g. it failed, or reused personas). */
export async function releaseLlmCalls(db: PrismaClient, reservation: LlmCallReservation, calls = reservation.calls): Promise<void> {
  if (calls <= 0) return;
  await db.llmUsageDaily.updateMany({
    where: { userId: reservation.userId, day: reservation.day },
    data: { calls: { decrement: Math.min(calls, reservation.calls) } },
  });
}
