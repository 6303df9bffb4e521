import { describe, expect, it } from 'vitest';

import { twoQuantiles } from '../src/bootstrap.js';
import {
  bootstrapInterval,
  bootstrapMean,
  bootstrapMeansTogether,
  bootstrapPairedMeanDifference,
  bootstrapProportion,
  createSeededRandom,
  isSmallSample,
  quantile,
} from '../src/index.js';

const intents = [2, 3, 5, 7, 7, 8, 9, 10, 4, 6];

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const draw = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 20 }, () => random.index(10));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).every((i) => Number.isInteger(i) && i >= 0 && i < 10)).toBe(true);
  });
});

describe('quantile', () => {
  it('interpolates linearly between order statistics', () => {
    // Position (4 − 1)·0.25 = 0.75 → 1 + 0.75·(2 − 1) = 1.75; (4 − 1)·0.5 = 1.5 → 2.5.
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
  });
});

describe('twoQuantiles', () => {
  const sortedQuantiles = (values: Float64Array, low: number, high: number) => {
    const sorted = values.slice().sort();
    return [quantile(sorted, low), quantile(sorted, high)];
  };

  it('finds exactly the quantiles of the sorted values, with ties, at any length and probability', () => {
    let state = 3;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (const length of [1, 2, 3, 5, 40, 2000, 1999]) {
      for (const [low, high] of [
        [0.025, 0.975],
        [0, 1],
        [0.5, 0.5],
        [0.1, 0.11],
      ] as const) {
        // Coarse values (many ties) and fine ones, shuffled.
        for (const step of [8, 1e6]) {
          const values = Float64Array.from({ length }, () => Math.floor(next() * step) / step - 0.5);
          expect(twoQuantiles(values.slice(), low, high)).toEqual(sortedQuantiles(values, low, high));
        }
      }
    }
  });

  it('reads values a sort orders apart from `<` (NaN last, −0 before 0) as the sort does', () => {
    const values = Float64Array.of(0, -0, 0, -0, 1, Number.NaN);
    const [lower] = twoQuantiles(values.slice(), 0.2, 0.9);
    expect(Object.is(lower, -0)).toBe(true);
    expect(twoQuantiles(values.slice(), 0.2, 0.99)).toEqual(sortedQuantiles(values, 0.2, 0.99));
  });
});

describe('bootstrapMean', () => {
  it('gives the same interval for the same seed', () => {
    expect(bootstrapMean(intents, { seed: 7 })).toEqual(bootstrapMean(intents, { seed: 7 }));
    expect(bootstrapMean(intents, { seed: 7 })).not.toEqual(bootstrapMean(intents, { seed: 8 }));
  });

  it('contains the sample mean and reports n and the small-sample flag', () => {
    // Mean = (2+3+5+7+7+8+9+10+4+6)/10 = 61/10 = 6.1.
    const interval = bootstrapMean(intents, { seed: 1 });
    expect(interval.estimate).toBeCloseTo(6.1, 12);
    expect(interval.lower).toBeLessThan(6.1);
    expect(interval.upper).toBeGreaterThan(6.1);
    expect(interval).toMatchObject({ n: 10, smallSample: true, resamples: 2000, confidence: 0.95 });
  });

  it('is degenerate for a constant sample', () => {
    // Every resample of [4, 4, 4, 4, 4] has mean 4.
    expect(bootstrapMean([4, 4, 4, 4, 4], { seed: 3 })).toMatchObject({ estimate: 4, lower: 4, upper: 4 });
  });

  it('matches the percentiles of the exactly enumerated bootstrap distribution', () => {
    // Resampling [1, 2, 3, 4] (n = 4) has 4^4 = 256 equally likely outcomes. The number with each
    // sum 4..16 is the coefficient of (x + x² + x³ + x⁴)^4: 1, 4, 10, 20, 31, 40, 44, 40, 31, 20, 10, 4, 1.
    // P(sum ≤ 5) = 5/256 ≈ 0.0195 < 0.025 ≤ P(sum ≤ 6) = 15/256 ≈ 0.0586 → the 2.5 % point is 6/4 = 1.5.
    // P(sum ≤ 13) = 241/256 ≈ 0.9414 < 0.975 ≤ P(sum ≤ 14) = 251/256 ≈ 0.9805 → the 97.5 % point is 14/4 = 3.5.
    // With 20,000 resamples the empirical shares are within ~0.001 (one SD) of these, 5 SD from the edges.
    const ways = [1, 4, 10, 20, 31, 40, 44, 40, 31, 20, 10, 4, 1];
    const resamples = 20_000;
    const sums: number[] = [];
    const interval = bootstrapInterval(
      [1, 2, 3, 4],
      (resample) => {
        const sum = resample.reduce((s, x) => s + x, 0);
        sums.push(sum);
        return sum / 4;
      },
      { seed: 2025, resamples },
    );
    expect(interval).toMatchObject({ estimate: 2.5, lower: 1.5, upper: 3.5 });
    // Each sum's frequency is within 5 binomial SDs of ways/256 (the last call is the sample itself).
    const resampled = sums.slice(0, resamples);
    ways.forEach((count, i) => {
      const p = count / 256;
      const share = resampled.filter((s) => s === i + 4).length / resamples;
      expect(Math.abs(share - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / resamples));
    });
  });

  it('rejects fewer than 2,000 resamples and an empty sample', () => {
    expect(() => bootstrapMean(intents, { seed: 1, resamples: 1999 })).toThrow(RangeError);
    expect(() => bootstrapMean([], { seed: 1 })).toThrow(RangeError);
  });
});

describe('bootstrapProportion', () => {
  it('gives an interval of the share of likely buyers around the sample share', () => {
    // Intents ≥ 7: 7, 7, 8, 9, 10 → 5 of 10 = 0.5.
    const interval = bootstrapProportion(
      intents.map((x) => x >= 7),
      { seed: 11 },
    );
    expect(interval.estimate).toBe(0.5);
    expect(interval.lower).toBeGreaterThanOrEqual(0);
    expect(interval.lower).toBeLessThan(0.5);
    expect(interval.upper).toBeGreaterThan(0.5);
    expect(interval.upper).toBeLessThanOrEqual(1);
  });

  it('is degenerate when every persona is a likely buyer', () => {
    expect(bootstrapProportion([true, true, true], { seed: 11 })).toMatchObject({ estimate: 1, lower: 1, upper: 1 });
  });
});

describe('bootstrapPairedMeanDifference', () => {
  it('estimates mean(a) − mean(b) and contains it', () => {
    // a − b = [2, 2, 0, 2, 3] → 9/5 = 1.8 (= 37/5 − 28/5).
    const a = [7, 8, 6, 9, 7];
    const b = [5, 6, 6, 7, 4];
    const interval = bootstrapPairedMeanDifference(a, b, { seed: 5 });
    expect(interval.estimate).toBeCloseTo(1.8, 12);
    expect(interval.lower).toBeLessThanOrEqual(1.8);
    expect(interval.upper).toBeGreaterThanOrEqual(1.8);
    // The mean of five draws from {0, 2, 2, 2, 3} lies in [0, 3].
    expect(interval.lower).toBeGreaterThanOrEqual(0);
    expect(interval.upper).toBeLessThanOrEqual(3);
  });

  it('keeps pairs together: a constant difference gives a degenerate interval', () => {
    // a − b = 1 for every persona, whichever personas are drawn.
    expect(bootstrapPairedMeanDifference([3, 9, 5, 7], [2, 8, 4, 6], { seed: 9 })).toMatchObject({ estimate: 1, lower: 1, upper: 1 });
  });

  it('rejects samples of different panels', () => {
    expect(() => bootstrapPairedMeanDifference([1, 2], [1], { seed: 1 })).toThrow(RangeError);
  });
});

describe('isSmallSample', () => {
  it('flags fewer than 30 answers', () => {
    expect(isSmallSample(29)).toBe(true);
    expect(isSmallSample(30)).toBe(false);
  });
});

describe('bootstrapMeansTogether', () => {
  const ratings = [3.2, 4.1, 2.5, 4.8, 3.9, 1.7, 4.4, 3.3, 2.9, 4.0];

  it('gives each measure the interval the generic bootstrap of its mean gives, from the same draws', () => {
    const mean = (values: readonly number[]) => values.reduce((s, x) => s + x, 0) / values.length;
    const [intent, rating] = bootstrapMeansTogether([intents, ratings], { seed: 5 });
    expect(intent).toEqual(bootstrapInterval(intents, mean, { seed: 5 }));
    expect(rating).toEqual(bootstrapInterval(ratings, mean, { seed: 5 }));
    expect(intent).toEqual(bootstrapMean(intents, { seed: 5 }));
  });

  it('gives a share the interval the generic bootstrap of the proportion gives', () => {
    const likely = intents.map((i) => i >= 7);
    const share = (values: readonly boolean[]) => values.filter(Boolean).length / values.length;
    // 5 of the 10 intents are ≥ 7.
    expect(bootstrapProportion(likely, { seed: 9 })).toEqual(bootstrapInterval(likely, share, { seed: 9 }));
    expect(bootstrapProportion(likely, { seed: 9 }).estimate).toBe(0.5);
  });

  it('refuses measures of different lengths and values that are not finite', () => {
    expect(() => bootstrapMeansTogether([intents, ratings.slice(1)], { seed: 1 })).toThrow(/measure 1 has 9 observations, not 10/);
    expect(() => bootstrapMeansTogether([[1, Number.NaN]], { seed: 1 })).toThrow(/not a finite number/);
    expect(() => bootstrapMeansTogether([[]], { seed: 1 })).toThrow(/at least one observation/);
  });
});
