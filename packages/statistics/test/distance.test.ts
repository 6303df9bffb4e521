import { describe, expect, it } from 'vitest';

import { compareOrdinalDistributions, compareOrdinalSamples, distributionSd, LIKERT_5 } from '../src/index.js';

describe('compareOrdinalSamples', () => {
  it('measures a sample shifted down by one point', () => {
    // Simulated [1, 2, 2, 3]: CDF at 1..5 = 0.25, 0.75, 1, 1, 1.
    // Reference [2, 3, 3, 4]: CDF = 0, 0.25, 0.75, 1, 1.
    // |ΔF| = 0.25, 0.5, 0.25, 0, 0 → KS = 0.5, Wasserstein = 1 (a shift of one point).
    // Means 2 and 3 → error −1. Same shape: SDs √(0.5/3) each → ratio 1.
    // Top-2-box (4 or 5): 0 and 1/4 → error −0.25.
    const result = compareOrdinalSamples([1, 2, 2, 3], [2, 3, 3, 4], LIKERT_5);
    expect(result.ksDistance).toBeCloseTo(0.5, 12);
    expect(result.wasserstein).toBeCloseTo(1, 12);
    expect(result.meanError).toBeCloseTo(-1, 12);
    expect(result.sdRatio).toBeCloseTo(1, 12);
    expect(result.topTwoBoxError).toBeCloseTo(-0.25, 12);
  });

  it('measures a collapsed spread with the same mean', () => {
    // Simulated [3, 3, 4, 4]: mean 3.5, Σ(x − x̄)² = 4·0.25 = 1 → SD = √(1/3).
    // Reference [2, 3, 4, 5]: mean 3.5, Σ = 2.25 + 0.25 + 0.25 + 2.25 = 5 → SD = √(5/3).
    // SD ratio = √(1/3)/√(5/3) = 1/√5 = 0.447214. CDFs: 0, 0, 0.5, 1, 1 and 0, 0.25, 0.5, 0.75, 1
    // → |ΔF| = 0, 0.25, 0, 0.25, 0: KS 0.25, Wasserstein 0.5. Top-2-box 0.5 both → error 0.
    const result = compareOrdinalSamples([3, 3, 4, 4], [2, 3, 4, 5], LIKERT_5);
    expect(result.ksDistance).toBeCloseTo(0.25, 12);
    expect(result.wasserstein).toBeCloseTo(0.5, 12);
    expect(result.meanError).toBeCloseTo(0, 12);
    expect(result.sdRatio).toBeCloseTo(0.447214, 6);
    expect(result.topTwoBoxError).toBeCloseTo(0, 12);
  });

  it('has no SD ratio when the reference does not vary', () => {
    expect(compareOrdinalSamples([1, 5], [3, 3], LIKERT_5).sdRatio).toBeNull();
  });
});

describe('compareOrdinalDistributions', () => {
  it('compares two distributions, with the SDs of the distributions', () => {
    // Uniform [0.2 × 5]: CDF 0.2, 0.4, 0.6, 0.8, 1; mean 3; variance (4+1+0+1+4)/5 = 2 → SD √2.
    // [0, 0, 0, 0.5, 0.5]: CDF 0, 0, 0, 0.5, 1; mean 4.5; variance 0.25 → SD 0.5.
    // |ΔF| = 0.2, 0.4, 0.6, 0.3, 0 → KS 0.6, Wasserstein 1.5 (= |3 − 4.5|, the CDFs do not cross).
    // Mean error 3 − 4.5 = −1.5; SD ratio √2/0.5 = 2.828427; top-2-box 0.4 − 1 = −0.6.
    const result = compareOrdinalDistributions([0.2, 0.2, 0.2, 0.2, 0.2], [0, 0, 0, 0.5, 0.5], LIKERT_5);
    expect(result.ksDistance).toBeCloseTo(0.6, 12);
    expect(result.wasserstein).toBeCloseTo(1.5, 12);
    expect(result.meanError).toBeCloseTo(-1.5, 12);
    expect(result.sdRatio).toBeCloseTo(2.828427, 6);
    expect(result.topTwoBoxError).toBeCloseTo(-0.6, 12);
  });

  it('rejects a distribution over another scale', () => {
    expect(() => compareOrdinalDistributions([0.5, 0.5], [0.2, 0.2, 0.2, 0.2, 0.2], LIKERT_5)).toThrow(RangeError);
  });
});

describe('distributionSd', () => {
  it('is √Σ p (k − mean)²: half on 1 and half on 5 has mean 3 and SD √(.5·4 + .5·4) = 2', () => {
    expect(distributionSd([0.5, 0, 0, 0, 0.5], LIKERT_5)).toBe(2);
    // .2 on each point: mean 3, variance .2·(4 + 1 + 0 + 1 + 4) = 2.
    expect(distributionSd([0.2, 0.2, 0.2, 0.2, 0.2], LIKERT_5)).toBeCloseTo(Math.SQRT2, 12);
    expect(distributionSd([0, 0, 1, 0, 0], LIKERT_5)).toBe(0);
  });
});
