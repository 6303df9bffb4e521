// What a model call cost: the provider's own figure when it reports one (OpenRouter's usage.cost),
// otherwise the configured price table (AI_MODEL_PRICES, USD per million input and output tokens),
// otherwise unknown (null). The offline provider sends nothing anywhere, so its calls cost a known 0.
import { type AiMetadata, type AiPricingResponse, ModelPrice, type TokenUsage } from '@persona-lab/contracts';
import { Type } from 'typebox';
import { Value } from 'typebox/value';

import type { ChatProvider } from '../providers/types.js';
import type { AiUse } from './tasks.js';

export const PriceTable = Type.Record(Type.String({ minLength: 1 }), ModelPrice);
export type PriceTable = Record<string, ModelPrice>;

/** The table of AI_MODEL_PRICES, or the reasons it is not one (for the start-up error). */
export function parsePriceTable(text: string | undefined): { table: PriceTable } | { problems: string[] } {
  if (text === undefined || text.trim() === '') return { table: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problems: ['AI_MODEL_PRICES must be JSON: { "model": { "inputPerMillionUsd": n, "outputPerMillionUsd": n } }'] };
  }
  if (!Value.Check(PriceTable, parsed)) {
    const problems = [...Value.Errors(PriceTable, parsed)].map(
      (error) => `AI_MODEL_PRICES${error.instancePath.replaceAll('/', '.')} ${error.message}`,
    );
    return { problems: problems.length ? problems : ['AI_MODEL_PRICES is not a price table'] };
  }
  return { table: parsed };
}

/** USD for the tokens at the model's price, or null when the table has no price for the model. */
export function tableCost(prices: PriceTable, model: string, usage: TokenUsage): number | null {
  const price = prices[model];
  if (!price) return null;
  return (usage.promptTokens * price.inputPerMillionUsd + usage.completionTokens * price.outputPerMillionUsd) / 1_000_000;
}

/** The metadata with its cost settled: provider-reported, else from the table, else null (unknown). */
export function withCost(metadata: AiMetadata, prices: PriceTable): AiMetadata {
  if (typeof metadata.costUsd === 'number') return metadata;
  const costUsd = metadata.simulated ? 0 : tableCost(prices, metadata.model, metadata.usage);
  return { ...metadata, costUsd };
}

const USES: AiUse[] = ['personas', 'feedback', 'themes', 'embeddings'];

/** The model of each use and its price, for callers that estimate what calls will cost. */
export function pricingOf(provider: ChatProvider, prices: PriceTable): AiPricingResponse {
  return {
    provider: provider.name,
    models: USES.map((use) => {
      const model = provider.modelFor(use);
      const free = { inputPerMillionUsd: 0, outputPerMillionUsd: 0 };
      return { use, model, price: provider.simulated ? free : (prices[model] ?? null) };
    }),
  };
}
