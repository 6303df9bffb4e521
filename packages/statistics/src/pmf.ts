// Five-point (or any ordinal) probability distributions: their checks and summaries.

/** A probability for each scale point, the first for the lowest point (rating 1). */
export type Pmf = readonly number[];

const SUM_TOLERANCE = 1e-9;

/** Throws unless `pmf` is a non-empty vector of non-negative finite numbers summing to 1. */
export function assertPmf(pmf: Pmf, name = 'pmf'): void {
  if (pmf.length === 0) throw new RangeError(`${name} is empty`);
  let sum = 0;
  for (const p of pmf) {
    if (!Number.isFinite(p) || p < 0) throw new RangeError(`${name} has a value that is not a probability: ${p}`);
    sum += p;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new RangeError(`${name} sums to ${sum}, not 1`);
}

/** Σ k · p_k with k = 1..K: the expected rating on a 1..K scale. */
export function expectedRating(pmf: Pmf): number {
  assertPmf(pmf);
  return pmf.reduce((sum, p, index) => sum + (index + 1) * p, 0);
}

/** p_{K−1} + p_K: the probability of one of the two highest points (4 or 5 on a 1..5 scale). */
export function topTwoBox(pmf: Pmf): number {
  assertPmf(pmf);
  if (pmf.length < 2) throw new RangeError('topTwoBox needs a scale of at least two points');
  return (pmf[pmf.length - 2] ?? 0) + (pmf[pmf.length - 1] ?? 0);
}

/** The point-wise mean of several distributions over the same scale (a survey's distribution). */
export function meanPmf(pmfs: readonly Pmf[]): number[] {
  const first = pmfs[0];
  if (first === undefined) throw new RangeError('meanPmf needs at least one distribution');
  const sums: number[] = new Array<number>(first.length).fill(0);
  pmfs.forEach((pmf, i) => {
    if (pmf.length !== first.length) throw new RangeError(`distribution ${i} has ${pmf.length} points, not ${first.length}`);
    assertPmf(pmf, `distribution ${i}`);
    pmf.forEach((p, k) => {
      sums[k] = (sums[k] ?? 0) + p;
    });
  });
  return sums.map((sum) => sum / pmfs.length);
}
