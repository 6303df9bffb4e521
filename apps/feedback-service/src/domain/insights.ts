// Numbers a product team acts on, computed from a session's results as insights-panel.ts keeps them.
// Failed results are counted and reported, never averaged in. Every mean and share comes with a
// 95 % bootstrap interval, seeded by the session so its numbers never change when recomputed, in
// which the persona is the sampling unit (`bootstrapPanel`): one resample draws personas, and the
// same draws give every product's figures, the session's (all products together: a persona's
// answers move together, a cluster bootstrap) and the paired differences between products; each
// segment is resampled within itself. The spread of the answers is diagnosed, and each group is
// broken down by the stored persona fields.
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
import { byCodeUnits } from '@persona-lab/db';
import {
  bootstrapPanel,
  expectedRating,
  type HelperThread,
  INTENT_10,
  isSmallSample,
  pairedVerdict,
  type PanelIntervals,
  spreadDiagnostics,
  topTwoBox,
  wilcoxonSignedRank,
} from '@persona-lab/statistics';

import {
  AnswerTally,
  isLikelyBuyer,
  type PanelSegments,
  panelSegmentsOf,
  SEGMENT_DIMENSIONS,
  segmentValueOf,
  type WithSegmentFields,
} from './answer-tally.js';
import {
  CELL,
  CELL_INTENT,
  CELL_RATING,
  CELL_STATUS,
  CELL_TOP_TWO,
  CellStatus,
  type InsightsPanel,
  type PersonaRecord,
} from './insights-panel.js';

export { LIKELY_BUYER_MIN_INTENT, SEGMENT_DIMENSIONS, type WithSegmentFields } from './answer-tally.js';

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

/** Interval figures kept to 4 decimals: more would only be resampling noise. */
export function tidy(interval: Interval, scale = 1): Interval {
  return {
    ...interval,
    estimate: round(interval.estimate * scale, 4),
    lower: round(interval.lower * scale, 4),
    upper: round(interval.upper * scale, 4),
  };
}

/** The bootstrap's measures of an answer, in this order. */
const MEASURES = 4;

/** The four intervals of a group: intent, the likely-buyer share, the SSR rating and top-2-box. */
function intervalSetOf([intent, likely, rating, topTwo]: readonly (Interval | null)[]): IntervalSet {
  return {
    averagePurchaseIntent: intent ? tidy(intent) : null,
    likelyBuyerShare: likely ? tidy(likely, 100) : null,
    ssrExpectedRating: rating ? tidy(rating) : null,
    ssrTopTwoBox: topTwo ? tidy(topTwo, 100) : null,
  };
}

/** The SSR figures of the rated answers. Each pmf was checked (assertPmf) when the panel was read. */
function ssrSummaryOf(tally: AnswerTally): SsrSummary | null {
  if (tally.rated === 0) return null;
  const meanDistribution = tally.pmfSums.map((sum) => sum / tally.rated);
  return {
    n: tally.rated,
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

function warningsOf(tally: AnswerTally, spread: SpreadDiagnostics | null): InsightWarning[] {
  const n = tally.completed;
  const warnings: InsightWarning[] = smallSampleWarnings(n);
  if (spread?.collapsed) {
    warnings.push({
      code: 'COLLAPSED_SPREAD',
      message: `${round(spread.mostCommonShare * 100, 1)} % of the answers gave intent ${spread.mostCommon}: the panel's answers collapsed onto one value, as language models tend to; the spread understates real disagreement.`,
    });
  }
  const unrated = n - tally.rated;
  if (unrated > 0) {
    warnings.push({
      code: 'NO_SSR',
      message: `${unrated} of ${n} completed answers have no SSR rating (their purchase statement could not be rated); SSR figures cover the rest.`,
    });
  }
  return warnings;
}

function headlineOf({ completed, intentSum, likelyBuyers }: AnswerTally) {
  return {
    averagePurchaseIntent: completed ? round(intentSum / completed, 2) : null,
    likelyBuyerPercentage: completed ? round((likelyBuyers / completed) * 100, 1) : null,
  };
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
      const value = segmentValueOf(answer.persona, dimension);
      const group = groups.get(value);
      if (group) group.push(answer);
      else groups.set(value, [answer]);
    }
    if (groups.size === 1 && groups.has(UNKNOWN_SEGMENT)) return [];
    return [...groups.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([value, group]) => ({ dimension, value, group }));
  });
}

/** A group's intervals: all four, or those of one segment's. */
type SegmentIntervals = (dimension: SegmentDimension, value: string) => readonly (Interval | null)[];

/**
 * The segments as `segmentGroups` would group the same answers: each dimension's values that have
 * an answer, in sorted order, and no dimension whose only value is "unknown".
 */
function segmentsOf(segments: PanelSegments, tallies: AnswerTally[][], intervalsOfSegment: SegmentIntervals): SegmentInsights[] {
  return SEGMENT_DIMENSIONS.flatMap((dimension, d) => {
    const present = segments.values[d]!.flatMap((value, v) => (tallies[d]![v]!.completed > 0 ? [{ value, tally: tallies[d]![v]! }] : []));
    if (present.length === 1 && present[0]!.value === UNKNOWN_SEGMENT) return [];
    return present.map(({ value, tally }): SegmentInsights => {
      const ssr = ssrSummaryOf(tally);
      return {
        dimension,
        value,
        n: tally.completed,
        ...headlineOf(tally),
        ssrExpectedRating: ssr?.expectedRating ?? null,
        intervals: intervalSetOf(intervalsOfSegment(dimension, value)),
        smallSample: isSmallSample(tally.completed),
      };
    });
  });
}

/** Everything reported for one group of results (a product, or the whole session), themes aside. */
function answerStats(
  panel: InsightsPanel,
  segments: PanelSegments,
  items: readonly number[],
  intervals: readonly (Interval | null)[],
  intervalsOfSegment: SegmentIntervals,
): AnswerStats {
  let results = 0;
  let failed = 0;
  const tally = new AnswerTally();
  const segmentTallies = segments.values.map((values) => values.map(() => new AnswerTally()));
  const intents: number[] = [];
  panel.personas.forEach(({ cells }, i) => {
    for (const k of items) {
      const status = cells[k * CELL + CELL_STATUS]!;
      if (status !== CellStatus.None) results += 1;
      if (status === CellStatus.Failed) failed += 1;
      if (status !== CellStatus.Answer) continue;
      const intent = cells[k * CELL + CELL_INTENT]!;
      intents.push(intent);
      tally.add(cells, k, intent);
      segments.ofPersona[i]!.forEach((v, d) => segmentTallies[d]![v]!.add(cells, k, intent));
    }
  });
  const distribution = Array.from({ length: 10 }, () => 0);
  for (const intent of intents) distribution[intent - 1]! += 1;
  const spread = spreadOf(intents);
  return {
    results,
    completed: tally.completed,
    failed,
    ...headlineOf(tally),
    intentDistribution: distribution,
    intervals: intervalSetOf(intervals),
    ssr: ssrSummaryOf(tally),
    spread,
    segments: segmentsOf(segments, segmentTallies, intervalsOfSegment),
    warnings: warningsOf(tally, spread),
  };
}

export interface SessionStats {
  /** All products together. */
  overall: AnswerStats;
  /** In the panel's product order. */
  products: AnswerStats[];
  comparisons: ProductComparison[];
}

const hasAnswer = ({ cells }: PersonaRecord) => {
  for (let s = CELL_STATUS; s < cells.length; s += CELL) if (cells[s] === CellStatus.Answer) return true;
  return false;
};

/** Every pair of products in the session's order, A before B. */
function productPairs(products: number): [number, number][] {
  return Array.from({ length: products }, (_, a) =>
    Array.from({ length: products - a - 1 }, (_, j): [number, number] => [a, a + 1 + j]),
  ).flat();
}

/**
 * The bootstrap of the personas with at least one completed answer: per answer its intent, whether
 * it is a likely buyer, its SSR rating and top-2-box (NaN where absent); each segment of every
 * dimension a group; for every pair of products the intent and SSR rating differences.
 */
async function bootstrapOf(personas: readonly PersonaRecord[], products: number, seed: number, helperThread?: HelperThread) {
  const values = new Float64Array(personas.length * products * MEASURES).fill(Number.NaN);
  personas.forEach(({ cells }, i) => {
    for (let k = 0; k < products; k++) {
      if (cells[k * CELL + CELL_STATUS] !== CellStatus.Answer) continue;
      const intent = cells[k * CELL + CELL_INTENT]!;
      values.set(
        [intent, isLikelyBuyer(intent) ? 1 : 0, cells[k * CELL + CELL_RATING]!, cells[k * CELL + CELL_TOP_TWO]!],
        (i * products + k) * MEASURES,
      );
    }
  });
  const index = new Map(personas.map((persona, i) => [persona, i]));
  const segments = segmentGroups(personas);
  const segmentIndex = new Map(segments.map(({ dimension, value }, g) => [`${dimension}:${value}`, g]));
  const pairs = productPairs(products);
  const intervals: PanelIntervals = await bootstrapPanel(
    { personas: personas.length, items: products, measures: MEASURES, values },
    {
      groups: segments.map(({ group }) => group.map((persona) => index.get(persona)!)),
      differences: pairs.flatMap(([a, b]) => [
        { a, b, measure: 0 },
        { a, b, measure: 2 },
      ]),
    },
    { seed, helperThread },
  );
  const segment = (dimension: SegmentDimension, value: string) => intervals.groups[segmentIndex.get(`${dimension}:${value}`)!]!;
  return { intervals, segment, pairs };
}

function pairedMeasure(difference: Interval | null, a: number[], b: number[]): ProductComparison['purchaseIntent'] {
  if (difference === null) return null;
  const test = wilcoxonSignedRank(a, b);
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
    verdict: pairedVerdict(difference, test.pValue),
  };
}

/**
 * Two products compared persona by persona: only personas with a completed answer for both count,
 * so the difference is the panel's own, not a difference between who happened to answer.
 */
function comparisonOf(panel: InsightsPanel, a: number, b: number, differences: readonly (Interval | null)[]): ProductComparison {
  const intents: [number[], number[]] = [[], []];
  const ratings: [number[], number[]] = [[], []];
  for (const { cells } of panel.personas) {
    if (cells[a * CELL + CELL_STATUS] !== CellStatus.Answer || cells[b * CELL + CELL_STATUS] !== CellStatus.Answer) continue;
    intents[0].push(cells[a * CELL + CELL_INTENT]!);
    intents[1].push(cells[b * CELL + CELL_INTENT]!);
    const [ratingA, ratingB] = [cells[a * CELL + CELL_RATING]!, cells[b * CELL + CELL_RATING]!];
    if (Number.isNaN(ratingA) || Number.isNaN(ratingB)) continue;
    ratings[0].push(ratingA);
    ratings[1].push(ratingB);
  }
  const [productA, productB] = [panel.products[a]!, panel.products[b]!];
  return {
    productA: { id: productA.id, name: productA.name },
    productB: { id: productB.id, name: productB.name },
    pairs: intents[0].length,
    purchaseIntent: pairedMeasure(differences[0]!, ...intents),
    ssrExpectedRating: pairedMeasure(differences[1]!, ...ratings),
    smallSample: isSmallSample(intents[0].length),
  };
}

/**
 * Every figure of a session, themes aside: per product, all products together, and every pair of products
 * compared. `helperThread`: one started ahead (startPanelHelperThread) for the intervals, ended either way.
 */
export async function sessionStats(panel: InsightsPanel, seed: number, helperThread?: HelperThread): Promise<SessionStats> {
  const products = panel.products.length;
  const { intervals, segment, pairs } = await bootstrapOf(panel.personas.filter(hasAnswer), products, seed, helperThread);
  const segments = panelSegmentsOf(panel);
  return {
    overall: answerStats(
      panel,
      segments,
      panel.products.map((_, k) => k),
      intervals.whole.allItems,
      (dimension, value) => segment(dimension, value).allItems,
    ),
    products: panel.products.map((_, k) =>
      answerStats(panel, segments, [k], intervals.whole.byItem[k]!, (dimension, value) => segment(dimension, value).byItem[k]!),
    ),
    comparisons: pairs.map(([a, b], p) => comparisonOf(panel, a, b, intervals.differences.slice(2 * p, 2 * p + 2))),
  };
}
