// Comparing two products rated by the same panel: the interval of the difference, a paired test
// and a plain verdict.
import { type BootstrapOptions, bootstrapPairedMeanDifference, type Interval } from './bootstrap.js';
import { type WilcoxonResult, wilcoxonSignedRank } from './wilcoxon.js';

export type PairedVerdict = 'A ahead' | 'B ahead' | 'no clear difference';

/** The interval of mean(A) − mean(B) decides: above 0 → A ahead, below 0 → B ahead, else no clear difference. */
export function pairedVerdict(difference: Pick<Interval, 'lower' | 'upper'>): PairedVerdict {
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
  return { difference, test: wilcoxonSignedRank(a, b), verdict: pairedVerdict(difference) };
}
