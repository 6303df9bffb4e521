// Numbers a product team acts on, computed from stored results. Failed results are counted and
// reported, never averaged in.

export const LIKELY_BUYER_MIN_INTENT = 7;

export interface ResultForInsights {
  productId: string;
  status: string;
  purchaseIntent: number | null;
  keyConcerns: string[];
}

export interface IntentStats {
  results: number;
  completed: number;
  failed: number;
  averagePurchaseIntent: number | null;
  likelyBuyerPercentage: number | null;
  /** How many completed results gave each intent, index 0 = intent 1 … index 9 = intent 10. */
  intentDistribution: number[];
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export function intentStats(results: ResultForInsights[]): IntentStats {
  const completed = results.filter((r) => r.status === 'COMPLETED' && r.purchaseIntent !== null);
  const intents = completed.map((r) => r.purchaseIntent!);
  const distribution = Array.from({ length: 10 }, () => 0);
  for (const intent of intents) distribution[intent - 1]! += 1;
  const likely = intents.filter((intent) => intent >= LIKELY_BUYER_MIN_INTENT).length;
  return {
    results: results.length,
    completed: completed.length,
    failed: results.filter((r) => r.status === 'FAILED').length,
    averagePurchaseIntent: intents.length ? round(intents.reduce((a, b) => a + b, 0) / intents.length, 2) : null,
    likelyBuyerPercentage: intents.length ? round((likely / intents.length) * 100, 1) : null,
    intentDistribution: distribution,
  };
}

/** Every concern of the completed results, as the theme aggregation receives them. */
export function concernsOf(results: ResultForInsights[]): string[] {
  return results.filter((r) => r.status === 'COMPLETED').flatMap((r) => r.keyConcerns);
}

/**
 * At most `limit` concerns for the theme aggregation, the most frequent first, so that a session
 * with more concerns than the gateway takes loses its rarest ones rather than an arbitrary tail.
 * Identical concerns (ignoring case and spacing) count together.
 */
export function concernsForThemes(concerns: string[], limit: number): string[] {
  if (concerns.length <= limit) return concerns;
  const counts = new Map<string, { text: string; count: number }>();
  for (const concern of concerns) {
    const key = concern.trim().replace(/\s+/g, ' ').toLowerCase();
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { text: concern.trim(), count: 1 });
  }
  const picked: string[] = [];
  for (const { text, count } of [...counts.values()].sort((a, b) => b.count - a.count)) {
    for (let i = 0; i < count && picked.length < limit; i += 1) picked.push(text);
    if (picked.length >= limit) break;
  }
  return picked;
}
