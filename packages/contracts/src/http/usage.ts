// Tokens and cost of model calls: a session's, a user's per day and month, and the estimate of a
// session before it starts. A cost whose price is unknown is never counted as 0: totals carry how
// many calls had no known price, and `costText` says "unknown" for them.
import { type Static, type TSchema, Type } from 'typebox';

import { Nullable, StringEnum } from './text.js';

export const UsageTotals = Type.Object({
  calls: Type.Integer({ minimum: 0, description: 'Model calls (each with its retries and repairs)' }),
  inputTokens: Type.Integer({ minimum: 0 }),
  outputTokens: Type.Integer({ minimum: 0 }),
  costUsd: Type.Number({ minimum: 0, description: 'Sum over the calls whose price is known' }),
  unknownCostCalls: Type.Integer({ minimum: 0, description: 'Calls whose price is unknown: costUsd is then a lower bound' }),
});
export type UsageTotals = Static<typeof UsageTotals>;

export const NO_USAGE: UsageTotals = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unknownCostCalls: 0 };

/** The user's model calls in the current UTC day and month (GET /usage). */
export const UserUsage = Type.Object({
  day: Type.Object({ date: Type.String({ format: 'date' }), ...UsageTotals.properties }),
  month: Type.Object({ month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), ...UsageTotals.properties }),
});
export type UserUsage = Static<typeof UserUsage>;

/** A session's budget, when it has one, and whether it stopped the session. */
export const SessionBudget = Type.Object({
  maxCostUsd: Type.Number(),
  reached: Type.Boolean({ description: 'True when the budget stopped the session: its remaining results were cancelled' }),
});
export type SessionBudget = Static<typeof SessionBudget>;

/** The reason a result cancelled by the session's budget carries. */
export const BUDGET_REACHED_REASON = 'budget reached';

const formatUsd = (usd: number) => `$${usd < 0.01 && usd > 0 ? usd.toPrecision(2) : usd.toFixed(2)}`;

/** "$0.12", "≥ $0.12 + unknown" when some prices are unknown, or "unknown" when none is known. */
export function costText(usage: Pick<UsageTotals, 'calls' | 'costUsd' | 'unknownCostCalls'>): string {
  if (usage.unknownCostCalls === 0) return formatUsd(usage.costUsd);
  if (usage.unknownCostCalls === usage.calls) return 'unknown';
  return `≥ ${formatUsd(usage.costUsd)} + unknown`;
}

/** "11 model calls, 6,040 input and 1,900 output tokens, $0.0020" (cost "unknown" where a price is). */
export function usageText(usage: UsageTotals): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return `${count(usage.calls)} model calls, ${count(usage.inputTokens)} input and ${count(usage.outputTokens)} output tokens, ${costText(usage)}`;
}

/** "$0.01–$0.05", "$0.02", or "unknown" when an end is unknown. */
export function costRangeText(range: { min: number | null; max: number | null }): string {
  if (range.min === null || range.max === null) return 'unknown';
  const min = formatUsd(range.min);
  const max = formatUsd(range.max);
  return min === max ? min : `${min}–${max}`;
}

const Range = <T extends TSchema>(schema: T) => Type.Object({ min: schema, max: schema });
const CostRange = Type.Object({
  min: Nullable(Type.Number({ minimum: 0 })),
  max: Nullable(Type.Number({ minimum: 0 })),
});

export const EstimateKind = StringEnum(['persona', 'feedback', 'themes', 'embedding']);
export type EstimateKind = Static<typeof EstimateKind>;

export const EstimateLine = Type.Object({
  kind: EstimateKind,
  model: Type.String(),
  calls: Range(Type.Integer({ minimum: 0 })),
  inputTokens: Range(Type.Integer({ minimum: 0 })),
  outputTokens: Range(Type.Integer({ minimum: 0 })),
  costUsd: Type.Object(CostRange.properties, { description: 'null when the model has no known price' }),
  basis: StringEnum(['history', 'prompt-size'], {
    description: 'history: the smallest and largest of recent calls of this kind and model; prompt-size: a heuristic from the texts',
  }),
});
export type EstimateLine = Static<typeof EstimateLine>;

/** What a session start would cost (POST /feedback-sessions/estimate): nothing is stored or reserved. */
export const FeedbackSessionEstimate = Type.Object({
  lines: Type.Array(EstimateLine),
  total: Type.Object({
    calls: Range(Type.Integer({ minimum: 0 })),
    inputTokens: Range(Type.Integer({ minimum: 0 })),
    outputTokens: Range(Type.Integer({ minimum: 0 })),
    costUsd: Type.Object(CostRange.properties, { description: 'null when any line has no known price' }),
  }),
});
export type FeedbackSessionEstimate = Static<typeof FeedbackSessionEstimate>;
