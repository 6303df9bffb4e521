// The standard normal distribution function, for the normal approximation of test statistics.

/**
 * Φ(x) = erfc(−x/√2) / 2, with erfc from the Chebyshev fit of Numerical Recipes (§6.2, `erfcc`),
 * whose fractional error is below 1.2e-7 everywhere, so small tail probabilities stay accurate.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const tail = t * Math.exp(-z * z + polynomial);
  return x >= 0 ? tail : 2 - tail;
}
