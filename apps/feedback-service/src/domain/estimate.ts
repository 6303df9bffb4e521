// What a session start would cost, before it starts (POST /feedback-sessions/estimate): the model
// calls by kind, their tokens and cost as a range. Tokens per call are the smallest and largest of
// recent calls of the same kind and model that reported their usage (any user's: only counts are
// read); without such history, a heuristic from the size of the prompt's texts. Nothing is stored or reserved.
import {
  type AiModelUse,
  type AiPricingResponse,
  type EstimateKind,
  type EstimateLine,
  type FeedbackSessionEstimate,
  type StartFeedbackSessionRequest,
  themeCallsOf,
} from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';
import type { ModelCallKind, RequestContext } from '@persona-lab/service-kit';

import type { FeedbackDeps } from './deps.js';
import { gatewayPricing } from './pricing.js';
import { checkMode, requireOwnedPersonas, requireOwnedProducts } from './sessions.js';

/** How many recent calls of a kind and model the per-call range is read from. */
export const ESTIMATE_HISTORY = 200;

interface Range {
  min: number;
  max: number;
}

const USE_OF: Record<EstimateKind, AiModelUse> = { persona: 'personas', feedback: 'feedback', themes: 'themes', embedding: 'embeddings' };
const STORED_KIND: Record<EstimateKind, ModelCallKind> = {
  persona: 'PERSONA',
  feedback: 'FEEDBACK',
  themes: 'THEMES',
  embedding: 'EMBEDDING',
};

const tokensOf = (chars: number) => Math.ceil(chars / 4);

/**
 * Per-call tokens when there is no history: the instructions plus the texts sent, with the answer's
 * usual length; the range halves and doubles it. The instructions were measured from the gateway's
 * prompts (2026-12-01): feedback 1,716 characters (≈ 430 tokens), themes 1,096 (≈ 275), a persona's
 * details 2,437 (≈ 610) with its demographics.
 */
function heuristic(kind: EstimateKind, promptChars: number): { input: Range; output: Range } {
  const base = {
    persona: { input: 610, output: 500 },
    feedback: { input: 430 + tokensOf(promptChars), output: 350 },
    themes: { input: 275 + tokensOf(promptChars), output: 150 },
    embedding: { input: 30, output: 0 },
  }[kind];
  const spread = (n: number) => ({ min: Math.floor(n / 2), max: n * 2 });
  return { input: spread(base.input), output: spread(base.output) };
}

/**
 * The range of recent calls that reported their usage. A call with no input tokens reported none (the
 * offline provider, or a provider that sends no usage): it says nothing of what a call takes, and read
 * as history it made every later estimate 0 tokens.
 */
async function historyOf(db: PrismaClient, kind: EstimateKind, model: string): Promise<{ input: Range; output: Range } | null> {
  const recent = await db.modelCall.findMany({
    where: { kind: STORED_KIND[kind], model, inputTokens: { gt: 0 } },
    orderBy: { createdAt: 'desc' },
    take: ESTIMATE_HISTORY,
    select: { inputTokens: true, outputTokens: true },
  });
  if (recent.length === 0) return null;
  const inputs = recent.map((r) => r.inputTokens);
  const outputs = recent.map((r) => r.outputTokens);
  return {
    input: { min: Math.min(...inputs), max: Math.max(...inputs) },
    output: { min: Math.min(...outputs), max: Math.max(...outputs) },
  };
}

async function lineOf(
  db: PrismaClient,
  pricing: AiPricingResponse,
  kind: EstimateKind,
  calls: Range,
  promptChars: number,
): Promise<EstimateLine> {
  const { model, price } = pricing.models.find((m) => m.use === USE_OF[kind])!;
  const history = await historyOf(db, kind, model);
  const perCall = history ?? heuristic(kind, promptChars);
  const inputTokens = { min: calls.min * perCall.input.min, max: calls.max * perCall.input.max };
  const outputTokens = { min: calls.min * perCall.output.min, max: calls.max * perCall.output.max };
  const cost = (end: 'min' | 'max') =>
    price === null ? null : (inputTokens[end] * price.inputPerMillionUsd + outputTokens[end] * price.outputPerMillionUsd) / 1_000_000;
  return {
    kind,
    model,
    calls,
    inputTokens,
    outputTokens,
    costUsd: { min: cost('min'), max: cost('max') },
    basis: history ? 'history' : 'prompt-size',
  };
}

const sum = (lines: EstimateLine[], pick: (line: EstimateLine) => Range): Range => ({
  min: lines.reduce((total, line) => total + pick(line).min, 0),
  max: lines.reduce((total, line) => total + pick(line).max, 0),
});

const sumCost = (lines: EstimateLine[], end: 'min' | 'max'): number | null =>
  lines.some((line) => line.costUsd[end] === null) ? null : lines.reduce((total, line) => total + line.costUsd[end]!, 0);

export async function estimateSession(
  deps: FeedbackDeps,
  ownerId: string,
  request: StartFeedbackSessionRequest,
  { requestId }: RequestContext,
): Promise<FeedbackSessionEstimate> {
  const { db } = deps;
  const mode = checkMode(request);
  await requireOwnedProducts(db, ownerId, request.productIds);
  if (mode === 'personas') await requireOwnedPersonas(db, ownerId, request.personaIds!);

  const personas = request.personaIds?.length ?? request.personaCount!;
  // Find-or-create reuses the owner's ACTIVE personas where they match, so at best none is generated.
  const reusable = mode === 'audience' ? await db.persona.count({ where: { ownerId, status: 'ACTIVE', deletedAt: null } }) : 0;
  const generated = mode === 'audience' ? { min: Math.max(0, personas - reusable), max: personas } : { min: 0, max: 0 };

  const products = await db.product.findMany({
    where: { id: { in: request.productIds } },
    select: { name: true, description: true, category: true, keyFeatures: true },
  });
  const productChars = Math.max(
    ...products.map((p) => p.name.length + p.description.length + p.category.length + p.keyFeatures.join(' ').length),
  );
  // A persona's bio and attitudes are a few hundred words.
  const feedbackChars = productChars + 2_400;
  const answers = request.productIds.length * personas;
  const themeCalls = themeCallsOf(request.productIds.length);

  const pricing = await gatewayPricing(deps, requestId);
  const planned: [EstimateKind, Range, number][] = [
    ['persona', generated, 0],
    ['feedback', { min: answers, max: answers }, feedbackChars],
    // One embedding per answer, and the anchor statements once per consumer process.
    ['embedding', { min: answers, max: answers + 1 }, 0],
    // Concerns of every answer (about 3 of 40 characters each) are grouped per product.
    ['themes', { min: themeCalls, max: themeCalls }, personas * 3 * 40],
  ];
  const lines = await Promise.all(
    planned.filter(([, calls]) => calls.max > 0).map(([kind, calls, chars]) => lineOf(db, pricing, kind, calls, chars)),
  );
  return {
    lines,
    total: {
      calls: sum(lines, (l) => l.calls),
      inputTokens: sum(lines, (l) => l.inputTokens),
      outputTokens: sum(lines, (l) => l.outputTokens),
      costUsd: { min: sumCost(lines, 'min'), max: sumCost(lines, 'max') },
    },
  };
}
