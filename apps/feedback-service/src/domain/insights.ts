// Numbers a product team acts on, computed from stored results. Failed results are counted and
// reported, never averaged in. Every mean and share comes with a 95 % bootstrap interval over the
// panel's answers (seeded by the session, so a session's numbers never change when recomputed), the
// spread of the answers is diagnosed, and each group is broken down by the stored persona fields.
import {
  type InsightWarning,
  type Interval,
  type IntervalSet,
  type ProductComparison,
  type SegmentDimension,
  type SegmentInsights,
  type SpreadDiagnostics,
  type SsrSummary,
  UNKNOWN_SEGMENT,
} from '@persona-lab/contracts';
import {
  bootstrapMeansTogether,
  type BootstrapOptions,
  comparePaired,
  expectedRating,
  INTENT_10,
  isSmallSample,
  meanPmf,
  type PairedComparison,
  spreadDiagnostics,
  topTwoBox,
} from '@persona-lab/statistics';

export const LIKELY_BUYER_MIN_INTENT = 7;

/** The persona fields results are broken down by, in the order segments are reported. */
export const SEGMENT_DIMENSIONS: readonly SegmentDimension[] = ['gender', 'ageGroup', 'country', 'incomeLevel'];

export interface ResultForInsights {
  productId: string;
  personaId: string;
  status: string;
  purchaseIntent: number | null;
  keyConcerns: string[];
  /** Probabilities of SSR ratings 1..5; empty when the answer was not rated. */
  ssrDistribution: number[];
  ssrRating: number | null;
  persona: Record<SegmentDimension, string | null>;
}

/** A completed answer: the only kind that counts in a statistic. */
interface Answer {
  productId: string;
  personaId: string;
  intent: number;
  ssr: { distribution: number[]; rating: number } | null;
  persona: Record<SegmentDimension, string | null>;
}

export interface AnswerStats {
  results: number;
  completed: number;
  failed: number;
  averagePurchaseIntent: number | null;
  likelyBuyerPercentage: number | null;
  /** How many completed results gave each intent, index 0 = intent 1 … index 9 = intent 10. */
  intentDistribution: number[];
  intervals: IntervalSet;
  ssr: SsrSummary | null;
  spread: SpreadDiagnostics | null;
  segments: SegmentInsights[];
  warnings: InsightWarning[];
}

export const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const isLikelyBuyer = (intent: number) => intent >= LIKELY_BUYER_MIN_INTENT;

/** The seed of every interval of a session: the same session gives the same intervals however often computed. */
export function seedOf(sessionId: string): number {
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function answersOf(results: readonly ResultForInsights[]): Answer[] {
  return results
    .filter((r) => r.status === 'COMPLETED' && r.purchaseIntent !== null)
    .map((r) => ({
      productId: r.productId,
      personaId: r.personaId,
      intent: r.purchaseIntent!,
      ssr: r.ssrRating !== null && r.ssrDistribution.length === 5 ? { distribution: r.ssrDistribution, rating: r.ssrRating } : null,
      persona: r.persona,
    }));
}

/** Interval figures kept to 4 decimals: more would only be resampling noise. */
export function tidy(interval: Interval, scale = 1): Interval {
  return {
    ...interval,
    estimate: round(interval.estimate * scale, 4),
    lower: round(interval.lower * scale, 4),
    upper: round(interval.upper * scale, 4),
  };
}

/**
 * The four intervals of a group: intent and the likely-buyer share over the answers, the SSR rating
 * and top-2-box over the rated answers. When every answer is rated (the usual case) all four come
 * from one set of resamples: the same draws the two separate sets would make, at half the cost.
 */
function intervalsOf(answers: readonly Answer[], options: BootstrapOptions): IntervalSet {
  const rated = answers.flatMap((a) => (a.ssr ? [a.ssr] : []));
  const intents = answers.map((a) => a.intent);
  const intentColumns = [intents, intents.map((i) => (isLikelyBuyer(i) ? 1 : 0))];
  const ssrColumns = [rated.map((s) => s.rating), rated.map((s) => topTwoBox(s.distribution))];
  const [intent, likely, rating, topTwo] =
    intents.length === 0
      ? []
      : rated.length === intents.length
        ? bootstrapMeansTogether([...intentColumns, ...ssrColumns], options)
        : [...bootstrapMeansTogether(intentColumns, options), ...(rated.length ? bootstrapMeansTogether(ssrColumns, options) : [])];
  return {
    averagePurchaseIntent: intent ? tidy(intent) : null,
    likelyBuyerShare: likely ? tidy(likely, 100) : null,
    ssrExpectedRating: rating ? tidy(rating) : null,
    ssrTopTwoBox: topTwo ? tidy(topTwo, 100) : null,
  };
}

function ssrSummaryOf(answers: readonly Answer[]): SsrSummary | null {
  const distributions = answers.flatMap((a) => (a.ssr ? [a.ssr.distribution] : []));
  if (distributions.length === 0) return null;
  const meanDistribution = meanPmf(distributions);
  return {
    n: distributions.length,
    meanDistribution: meanDistribution.map((p) => round(p, 4)),
    expectedRating: round(expectedRating(meanDistribution), 4),
    topTwoBox: round(topTwoBox(meanDistribution) * 100, 2),
  };
}

function spreadOf(intents: readonly number[]): SpreadDiagnostics | null {
  if (intents.length === 0) return null;
  const spread = spreadDiagnostics(intents, INTENT_10);
  return {
    sd: spread.sd === null ? null : round(spread.sd, 4),
    entropyBits: round(spread.entropyBits, 4),
    mostCommon: spread.mostCommon,
    mostCommonShare: round(spread.mostCommonShare, 4),
    collapsed: spread.collapsed,
  };
}

/** SMALL_SAMPLE for 1 to 29 completed answers; nothing otherwise. */
export function smallSampleWarnings(n: number): InsightWarning[] {
  if (n === 0 || !isSmallSample(n)) return [];
  return [
    {
      code: 'SMALL_SAMPLE',
      message: `Only ${n} completed answer${n === 1 ? '' : 's'} (fewer than 30): the intervals are rough; read differences with care.`,
    },
  ];
}

function warningsOf(answers: readonly Answer[], spread: SpreadDiagnostics | null): InsightWarning[] {
  const n = answers.length;
  const warnings: InsightWarning[] = smallSampleWarnings(n);
  if (spread?.collapsed) {
    warnings.push({
      code: 'COLLAPSED_SPREAD',
      message: `${round(spread.mostCommonShare * 100, 1)} % of the answers gave intent ${spread.mostCommon}: the panel's answers collapsed onto one value, as language models tend to; the spread understates real disagreement.`,
    });
  }
  const unrated = answers.filter((a) => a.ssr === null).length;
  if (unrated > 0) {
    warnings.push({
      code: 'NO_SSR',
      message: `${unrated} of ${n} completed answers have no SSR rating (their purchase statement could not be rated); SSR figures cover the rest.`,
    });
  }
  return warnings;
}

function headlineOf(answers: readonly Answer[]) {
  const intents = answers.map((a) => a.intent);
  return {
    averagePurchaseIntent: intents.length ? round(mean(intents), 2) : null,
    likelyBuyerPercentage: intents.length ? round((intents.filter(isLikelyBuyer).length / intents.length) * 100, 1) : null,
  };
}

/** Anything answered by a persona with the stored segment fields. */
export interface WithSegmentFields {
  persona: Record<SegmentDimension, string | null>;
}

/**
 * The answers grouped by every segment dimension in turn, each dimension's values in sorted order.
 * A dimension no persona has a value for (a country an audience never asked for) is left out: its
 * one "unknown" group would only repeat the whole.
 */
export function segmentGroups<T extends WithSegmentFields>(
  answers: readonly T[],
): { dimension: SegmentDimension; value: string; group: T[] }[] {
  return SEGMENT_DIMENSIONS.flatMap((dimension) => {
    const groups = new Map<string, T[]>();
    for (const answer of answers) {
      const value = answer.persona[dimension]?.trim() || UNKNOWN_SEGMENT;
      const group = groups.get(value);
      if (group) group.push(answer);
      else groups.set(value, [answer]);
    }
    if (groups.size === 1 && groups.has(UNKNOWN_SEGMENT)) return [];
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, group]) => ({ dimension, value, group }));
  });
}

function segmentsOf(answers: readonly Answer[], options: BootstrapOptions): SegmentInsights[] {
  return segmentGroups(answers).map(({ dimension, value, group }): SegmentInsights => {
    const ssr = ssrSummaryOf(group);
    return {
      dimension,
      value,
      n: group.length,
      ...headlineOf(group),
      ssrExpectedRating: ssr?.expectedRating ?? null,
      intervals: intervalsOf(group, options),
      smallSample: isSmallSample(group.length),
    };
  });
}

/** Everything reported for one group of results (a product, or the whole session), themes aside. */
export function answerStats(results: readonly ResultForInsights[], seed: number): AnswerStats {
  const answers = answersOf(results);
  const options: BootstrapOptions = { seed };
  const intents = answers.map((a) => a.intent);
  const distribution = Array.from({ length: 10 }, () => 0);
  for (const intent of intents) distribution[intent - 1]! += 1;
  const spread = spreadOf(intents);
  return {
    results: results.length,
    completed: answers.length,
    failed: results.filter((r) => r.status === 'FAILED').length,
    ...headlineOf(answers),
    intentDistribution: distribution,
    intervals: intervalsOf(answers, options),
    ssr: ssrSummaryOf(answers),
    spread,
    segments: segmentsOf(answers, options),
    warnings: warningsOf(answers, spread),
  };
}

function pairedMeasure(a: number[], b: number[], options: BootstrapOptions): ProductComparison['purchaseIntent'] {
  if (a.length === 0) return null;
  const { difference, test, verdict }: PairedComparison = comparePaired(a, b, options);
  return {
    difference: tidy(difference),
    test: {
      name: 'wilcoxon-signed-rank',
      n: test.n,
      zeros: test.zeros,
      statistic: test.w,
      z: round(test.z, 4),
      pValue: round(test.pValue, 6),
      method: test.method,
    },
    verdict,
  };
}

/**
 * Every pair of products (in the session's order, A before B) compared persona by persona: only
 * personas with a completed answer for both count, so the difference is the panel's own, not a
 * difference between who happened to answer.
 */
export function compareProducts(
  products: readonly { id: string; name: string }[],
  results: readonly ResultForInsights[],
  seed: number,
): ProductComparison[] {
  const byProduct = new Map(products.map((p) => [p.id, new Map<string, Answer>()]));
  for (const answer of answersOf(results)) byProduct.get(answer.productId)?.set(answer.personaId, answer);
  const options: BootstrapOptions = { seed };
  const comparisons: ProductComparison[] = [];
  products.forEach((productA, i) => {
    for (const productB of products.slice(i + 1)) {
      const answersA = byProduct.get(productA.id)!;
      const answersB = byProduct.get(productB.id)!;
      const pairs = [...answersA.entries()].flatMap(([personaId, a]) => {
        const b = answersB.get(personaId);
        return b ? [{ a, b }] : [];
      });
      const rated = pairs.filter(({ a, b }) => a.ssr && b.ssr);
      comparisons.push({
        productA: { id: productA.id, name: productA.name },
        productB: { id: productB.id, name: productB.name },
        pairs: pairs.length,
        purchaseIntent: pairedMeasure(
          pairs.map(({ a }) => a.intent),
          pairs.map(({ b }) => b.intent),
          options,
        ),
        ssrExpectedRating: pairedMeasure(
          rated.map(({ a }) => a.ssr!.rating),
          rated.map(({ b }) => b.ssr!.rating),
          options,
        ),
        smallSample: isSmallSample(pairs.length),
      });
    }
  });
  return comparisons;
}

/** Every concern of the completed results, as the theme aggregation receives them. */
export function concernsOf(results: readonly ResultForInsights[]): string[] {
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
