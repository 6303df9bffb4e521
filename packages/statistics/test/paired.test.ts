import { describe, expect, it } from 'vitest';

import { comparePaired, pairedVerdict } from '../src/index.js';

describe('pairedVerdict', () => {
  it('says A is ahead when the interval of A − B lies above 0 and p < 0.05', () => {
    expect(pairedVerdict({ lower: 0.2, upper: 1.1 }, 0.01)).toBe('A ahead');
  });

  it('says B is ahead when the interval lies below 0 and p < 0.05', () => {
    expect(pairedVerdict({ lower: -0.9, upper: -0.1 }, 0.049)).toBe('B ahead');
  });

  it('finds no clear difference when the interval contains or touches 0', () => {
    expect(pairedVerdict({ lower: -0.1, upper: 0.4 }, 0.001)).toBe('no clear difference');
    expect(pairedVerdict({ lower: 0, upper: 0.5 }, 0.001)).toBe('no clear difference');
    expect(pairedVerdict({ lower: 0, upper: 0 }, 0.001)).toBe('no clear difference');
  });

  it('finds no clear difference when the paired test does not reach 0.05, whatever the interval', () => {
    expect(pairedVerdict({ lower: 0.2, upper: 1.1 }, 0.05)).toBe('no clear difference');
    expect(pairedVerdict({ lower: -0.9, upper: -0.1 }, 0.3)).toBe('no clear difference');
  });
});

describe('comparePaired', () => {
  it('puts the difference interval, the paired test and the verdict together', () => {
    // a − b = 1 for all five personas: the interval is [1, 1] → A ahead.
    // Wilcoxon: five tied |d| → rank 3 each, W+ = 15; μ = 7.5; σ² = 13.75 − (5³ − 5)/48 = 11.25;
    // z = (15 − 7.5 − 0.5)/√11.25 = 7/3.354102 = 2.086997 (normal: ties).
    // Φ(2.08) = 0.981237, Φ(2.09) = 0.981691 → Φ(2.087) ≈ 0.981555; p ≈ 2·0.018445 = 0.0369.
    const result = comparePaired([5, 6, 7, 8, 9], [4, 5, 6, 7, 8], { seed: 1 });
    expect(result.difference).toMatchObject({ estimate: 1, lower: 1, upper: 1, n: 5, smallSample: true });
    expect(result.verdict).toBe('A ahead');
    expect(result.test).toMatchObject({ n: 5, wPlus: 15, method: 'normal' });
    expect(result.test.z).toBeCloseTo(2.086997, 5);
    expect(result.test.pValue).toBeCloseTo(0.0369, 3);
  });

  it('does not call a product ahead on four personas, even when each prefers it by the same 2 points', () => {
    // a − b = 2 for all four: every resample's mean is 2, so the interval is [2, 2]; but four tied
    // |d| give W+ = 10, μ = 5, σ² = 4·5·9/24 − (4³ − 4)/48 = 6.25, z = (10 − 5 − 0.5)/2.5 = 1.8,
    // p = 2(1 − Φ(1.8)) = 0.071861 ≥ 0.05.
    const result = comparePaired([7, 7, 7, 7], [5, 5, 5, 5], { seed: 1 });
    expect(result.difference).toMatchObject({ estimate: 2, lower: 2, upper: 2 });
    expect(result.test.pValue).toBeCloseTo(0.071861, 5);
    expect(result.verdict).toBe('no clear difference');
  });
});
