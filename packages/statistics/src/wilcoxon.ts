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
  const { ranks, tieGroupSizes } = averageRanks(differences.map(Math.abs));

  let wPlus = 0;
  differences.forEach((d, i) => {
    if (d > 0) wPlus += ranks[i]!;
  });
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

/** Ranks 1..n of the values, ties sharing the mean of their ranks; the sizes of tie groups (≥ 2). */
function averageRanks(values: readonly number[]): { ranks: number[]; tieGroupSizes: number[] } {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Array<number>(values.length);
  const tieGroupSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end + 1) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
    if (end > start) tieGroupSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieGroupSizes };
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
