// The Wilcoxon signed-rank test of paired answers: does one product get higher answers than the
// other from the same personas, without assuming the differences are normal?
import { pairedDifferences } from './bootstrap.js';
import { normalCdf } from './normal.js';

/** Up to this many non-zero differences without ties, p comes from the exact distribution. */
export const WILCOXON_EXACT_MAX_N = 20;

export interface WilcoxonResult {
  /** Pairs with a non-zero difference: the test's n. */
  n: number;
  /** Pairs with a zero difference, dropped. */
  zeros: number;
  /** The sum of the ranks of |a − b| where a > b. */
  wPlus: number;
  /** The sum of the ranks where a < b. */
  wMinus: number;
  /** min(W+, W−), the usual two-sided statistic. */
  w: number;
  /** (W+ − μ ∓ 0.5) / σ with the tie correction; positive when a tends to be higher. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'normal';
}

export function wilcoxonSignedRank(a: readonly number[], b: readonly number[]): WilcoxonResult {
  const all = pairedDifferences(a, b);
  const differences = all.filter((d) => d !== 0);
  const n = differences.length;
  const zeros = all.length - n;
  const { wPlus, tieGroupSizes } = positiveRankSum(differences);
  const wMinus = (n * (n + 1)) / 2 - wPlus;
  const w = Math.min(wPlus, wMinus);

  const mu = (n * (n + 1)) / 4;
  const tieCorrection = tieGroupSizes.reduce((sum, t) => sum + t ** 3 - t, 0) / 48;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection);
  const deviation = wPlus - mu;
  const z = sigma > 0 ? (Math.sign(deviation) * Math.max(Math.abs(deviation) - 0.5, 0)) / sigma : 0;

  if (n === 0) return { n, zeros, wPlus, wMinus, w, z: 0, pValue: 1, method: 'exact' };
  if (n <= WILCOXON_EXACT_MAX_N && tieGroupSizes.length === 0) {
    return { n, zeros, wPlus, wMinus, w, z, pValue: Math.min(1, 2 * exactLowerTail(n, w)), method: 'exact' };
  }
  return { n, zeros, wPlus, wMinus, w, z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))), method: 'normal' };
}

/**
 * W+: the sum of the ranks of |d| (1..n, ties sharing the mean of their ranks) over the positive
 * differences; and the sizes of the tie groups (≥ 2), smallest |d| first. From two sorted typed
 * arrays rather than a sort of indices by comparator: a session runs 90 of these on 2,000 pairs.
 * The ranks are halves of integers, so their sums are exact in any order.
 */
function positiveRankSum(differences: readonly number[]): { wPlus: number; tieGroupSizes: number[] } {
  const magnitudes = Float64Array.from(differences, Math.abs).sort();
  const positives = Float64Array.from(differences.filter((d) => d > 0)).sort();
  const tieGroupSizes: number[] = [];
  let wPlus = 0;
  let p = 0;
  let start = 0;
  while (start < magnitudes.length) {
    const value = magnitudes[start]!;
    let end = start;
    while (end + 1 < magnitudes.length && magnitudes[end + 1] === value) end++;
    let positive = 0;
    while (p < positives.length && positives[p] === value) {
      p++;
      positive++;
    }
    wPlus += ((start + 1 + end + 1) / 2) * positive;
    if (end > start) tieGroupSizes.push(end - start + 1);
    start = end + 1;
  }
  return { wPlus, tieGroupSizes };
}

/**
 * P(W+ ≤ w) under the null for ranks 1..n without ties: each of the 2^n sign patterns is equally
 * likely, and the number with each rank sum is counted by adding the ranks one at a time.
 */
function exactLowerTail(n: number, w: number): number {
  const maxSum = (n * (n + 1)) / 2;
  const counts = new Array<number>(maxSum + 1).fill(0);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    for (let sum = maxSum; sum >= rank; sum--) counts[sum]! += counts[sum - rank]!;
  }
  let below = 0;
  for (let sum = 0; sum <= Math.floor(w); sum++) below += counts[sum]!;
  return below / 2 ** n;
}
