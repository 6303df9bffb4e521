// Comparing two products rated by the same panel: the interval of the difference, a paired test
// and a plain verdict.
import { type BootstrapOptions, bootstrapPairedMeanDifference, type Interval } from './bootstrap.js';
import { type WilcoxonResult, wilcoxonSignedRank } from './wilcoxon.js';

export type PairedVerdict = 'A ahead' | 'B ahead' | 'no clear difference';

/** The significance level the paired test must reach as well. */
export const PAIRED_ALPHA = 0.05;

/**
 * A product is ahead only when both agree: the interval of mean(A) − mean(B) lies wholly above
 * (or below) 0 and the paired test's p-value is under {@link PAIRED_ALPHA}. The bootstrap interval
 * of a handful of personas can be a single point (every resample the same) while the rank test
 * still cannot tell; a reader shown "A ahead" beside p = 0.09 would rightly distrust both.
 */
export function pairedVerdict(difference: Pick<Interval, 'lower' | 'upper'>, pValue: number): PairedVerdict {
  if (pValue >= PAIRED_ALPHA) return 'no clear difference';
  if (difference.lower > 0) return 'A ahead';
  if (difference.upper < 0) return 'B ahead';
  return 'no clear difference';
}

export interface PairedComparison {
  /** mean(a) − mean(b) with its bootstrap interval. */
  difference: Interval;
  test: WilcoxonResult;
  verdict: PairedVerdict;
}

/** `a[i]` and `b[i]` are one persona's answers for products A and B. */
export function comparePaired(a: readonly number[], b: readonly number[], options: BootstrapOptions): PairedComparison {
  const difference = bootstrapPairedMeanDifference(a, b, options);
  const test = wilcoxonSignedRank(a, b);
  return { difference, test, verdict: pairedVerdict(difference, test.pValue) };
}
