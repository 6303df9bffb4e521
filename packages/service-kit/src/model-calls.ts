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

/** A model call as a row of `insertModelCallsSql`'s JSON array: the columns `recordModelCall` writes. */
interface ModelCallRow {
  user_id: string;
  session_id: string | null;
  kind: ModelCallKind;
  persona_id: string | null;
  result_id: string | null;
  question_id: string | null;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
}

/**
 * A call as `recordModelCall` stores it. The model's name is made well formed: cut at 200 UTF-16 units
 * it can end in half a surrogate pair, which a JSON parameter cannot carry.
 */
const modelCallRow = ({ subject, call }: SubjectCall): ModelCallRow => ({
  user_id: subject.userId,
  session_id: subject.sessionId ?? null,
  kind: subject.kind,
  persona_id: subject.personaId ?? null,
  result_id: subject.resultId ?? null,
  question_id: subject.questionId ?? null,
  model: call.model.slice(0, 200).toWellFormed(),
  input_tokens: call.usage.promptTokens,
  output_tokens: call.usage.completionTokens,
  cost_usd: typeof call.costUsd === 'number' ? call.costUsd : null,
});

/**
 * The INSERT of `calls` (those a model answered; none is an INSERT of no rows), for a caller that
 * stores calls in the same statement as what they paid for (a `WITH` before its own write), saving a
 * round trip per call on a hot path. The rows travel as one JSON array, so the statement's text is the
 * same however many there are and it can be prepared once (a named statement). Inserted in the order
 * given (one function scan, nothing reorders it), which is the order the budget trigger updates their
 * sessions' rows in.
 */
export function insertModelCallsSql(calls: readonly SubjectCall[]): Prisma.Sql {
  const rows = calls.filter(({ call }) => call.attempts > 0).map(modelCallRow);
  return Prisma.sql`INSERT INTO model_calls (id, user_id, session_id, kind, persona_id, result_id, question_id, model, input_tokens,
      output_tokens, cost_usd)
    SELECT gen_random_uuid(), c.user_id, c.session_id, c.kind::"ModelCallKind", c.persona_id, c.result_id, c.question_id, c.model,
           c.input_tokens, c.output_tokens, c.cost_usd
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS c(user_id uuid, session_id uuid, kind text, persona_id uuid,
           result_id uuid, question_id uuid, model text, input_tokens int, output_tokens int, cost_usd numeric)`;
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
