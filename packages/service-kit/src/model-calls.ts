// The stored record of model calls: each service writes one row per ai-gateway operation it asked
// for (what it served, tokens, cost), and sessions and users read their totals from the same rows.
import type { AiMetadata, UsageTotals } from '@persona-lab/contracts';
import { Prisma, type PrismaClient } from '@persona-lab/db';

export type ModelCallKind = 'PERSONA' | 'FEEDBACK' | 'THEMES' | 'PANEL_ANSWER' | 'INTERVIEW' | 'EMBEDDING';

/** What a call served: always a user, and the session, persona, result or question where there is one. */
export interface ModelCallSubject {
  userId: string;
  kind: ModelCallKind;
  sessionId?: string | null;
  personaId?: string | null;
  resultId?: string | null;
  questionId?: string | null;
}

/** The part of the gateway's metadata a row keeps. */
export type CallUsage = Pick<AiMetadata, 'model' | 'usage' | 'costUsd' | 'attempts'>;

/**
 * Stores one call. An operation the gateway answered without asking a model (attempts 0, e.g. no
 * concerns to group) is not a call and is not stored.
 */
export async function recordModelCall(
  db: PrismaClient | Prisma.TransactionClient,
  subject: ModelCallSubject,
  call: CallUsage,
): Promise<void> {
  if (call.attempts === 0) return;
  await db.modelCall.create({
    data: {
      ...subject,
      model: call.model.slice(0, 200),
      inputTokens: call.usage.promptTokens,
      outputTokens: call.usage.completionTokens,
      // Undefined (a gateway that does not price) is unknown, as null is.
      costUsd: typeof call.costUsd === 'number' ? new Prisma.Decimal(call.costUsd) : null,
    },
  });
}

/** A call and what it served, for storing several in one statement. */
export interface SubjectCall {
  subject: ModelCallSubject;
  call: CallUsage;
}

/**
 * The INSERT of `calls` (those a model answered) as one statement, or null when there is none: for a
 * caller that stores the calls in the same statement as what they paid for (a `WITH` before its own
 * write), saving a round trip per call on a hot path. Rows as `recordModelCall` writes them.
 */
export function insertModelCallsSql(calls: readonly SubjectCall[]): Prisma.Sql | null {
  const answered = calls.filter(({ call }) => call.attempts > 0);
  if (answered.length === 0) return null;
  const rows = answered.map(
    ({ subject, call }) => Prisma.sql`(gen_random_uuid(), ${subject.userId}::uuid, ${subject.sessionId ?? null}::uuid,
      ${subject.kind}::"ModelCallKind", ${subject.personaId ?? null}::uuid, ${subject.resultId ?? null}::uuid,
      ${subject.questionId ?? null}::uuid, ${call.model.slice(0, 200)}, ${call.usage.promptTokens}::int,
      ${call.usage.completionTokens}::int, ${typeof call.costUsd === 'number' ? String(call.costUsd) : null}::numeric)`,
  );
  return Prisma.sql`INSERT INTO model_calls (id, user_id, session_id, kind, persona_id, result_id, question_id, model,
    input_tokens, output_tokens, cost_usd) VALUES ${Prisma.join(rows)}`;
}

/** Calls, tokens and known cost of the rows matching `where`, and how many had no known price. */
export async function modelCallTotals(db: PrismaClient, where: Prisma.ModelCallWhereInput): Promise<UsageTotals> {
  return totalsOf(await db.modelCall.aggregate({ where, ...SUMMED }));
}

/** What every usage figure aggregates: the calls, those with a known price, their tokens and cost. */
const SUMMED = {
  _count: { _all: true, costUsd: true },
  _sum: { inputTokens: true, outputTokens: true, costUsd: true },
} as const;

interface Summed {
  _count: { _all: number; costUsd: number };
  _sum: { inputTokens: number | null; outputTokens: number | null; costUsd: Prisma.Decimal | null };
}

function totalsOf({ _count, _sum }: Summed): UsageTotals {
  return {
    calls: _count._all,
    inputTokens: _sum.inputTokens ?? 0,
    outputTokens: _sum.outputTokens ?? 0,
    costUsd: _sum.costUsd?.toNumber() ?? 0,
    unknownCostCalls: _count._all - _count.costUsd,
  };
}

/** Totals of a session's calls per result they served (results without calls are absent). */
export async function modelCallTotalsByResult(
  db: PrismaClient,
  sessionId: string,
  /** Only these results (a page of them); every result of the session when absent. */
  resultIds?: readonly string[],
): Promise<Map<string, UsageTotals>> {
  const groups = await db.modelCall.groupBy({
    by: ['resultId'],
    where: { sessionId, resultId: resultIds ? { in: [...resultIds] } : { not: null } },
    ...SUMMED,
  });
  return new Map(groups.map((g) => [g.resultId!, totalsOf(g)]));
}
