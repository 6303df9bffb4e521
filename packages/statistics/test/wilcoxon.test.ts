import { describe, expect, it } from 'vitest';

import { normalCdf, wilcoxonSignedRank } from '../src/index.js';

describe('normalCdf', () => {
  it('matches the standard normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 6);
  });
});

describe('wilcoxonSignedRank', () => {
  it('sums the average ranks of the positive differences as a plain ranking does, ties and all', () => {
    // The plain reading: rank |d| by sorting, ties sharing the mean of their ranks, then add the
    // ranks of the positive d; intents (integers: many ties) and ratings (few ties).
    const plainWPlus = (a: number[], b: number[]) => {
      const d = a.map((x, i) => x - b[i]!).filter((x) => x !== 0);
      const sorted = d.map(Math.abs).sort((x, y) => x - y);
      const rankOf = (v: number) => (sorted.indexOf(v) + 1 + sorted.lastIndexOf(v) + 1) / 2;
      return d.reduce((sum, x) => (x > 0 ? sum + rankOf(Math.abs(x)) : sum), 0);
    };
    let state = 9;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (const [n, draw] of [
      [300, () => 1 + Math.floor(next() * 10)],
      [300, () => 1 + next() * 4],
      [25, () => 1 + Math.floor(next() * 3)],
    ] as const) {
      const a = Array.from({ length: n }, draw);
      const b = Array.from({ length: n }, draw);
      expect(wilcoxonSignedRank(a, b).wPlus).toBe(plainWPlus(a, b));
    }
  });

  it('uses the exact distribution for a small sample without ties', () => {
    // d = a − b = [1, −2, 3, 4, 5]; ranks of |d| = 1..5; W+ = 1+3+4+5 = 13, W− = 2, W = 2.
    // Under H0 each of 2^5 = 32 sign patterns is equally likely; rank sets with sum ≤ 2: {}, {1}, {2}
    // → P(W ≤ 2) = 3/32, two-sided p = 6/32 = 0.1875.
    // z = (13 − 5·6/4 − 0.5) / √(5·6·11/24) = 5 / √13.75 = 5 / 3.708099 = 1.348400.
    const result = wilcoxonSignedRank([3, 1, 8, 9, 10], [2, 3, 5, 5, 5]);
    expect(result).toMatchObject({ n: 5, zeros: 0, wPlus: 13, wMinus: 2, w: 2, method: 'exact' });
    expect(result.pValue).toBeCloseTo(0.1875, 12);
    expect(result.z).toBeCloseTo(1.3484, 4);
  });

  it('gives p = 2/2^n when every difference has the same sign', () => {
    // d = 1..6 all positive: W− = 0; only the empty rank set has sum 0 → p = 2·1/64 = 0.03125.
    const result = wilcoxonSignedRank([2, 3, 4, 5, 6, 7], [1, 1, 1, 1, 1, 1]);
    expect(result).toMatchObject({ wPlus: 21, wMinus: 0, w: 0, method: 'exact' });
    expect(result.pValue).toBeCloseTo(0.03125, 12);
  });

  it('drops zeros, averages tied ranks and corrects the normal approximation for ties', () => {
    // d = [0, 2, −2, 3, 3, 3, 5, −1] → the zero is dropped, n = 7.
    // |d| sorted: 1 → rank 1; 2, 2 → ranks 2, 3 → 2.5 each; 3, 3, 3 → ranks 4, 5, 6 → 5 each; 5 → 7.
    // W+ = 2.5 + 5·3 + 7 = 24.5; W− = 2.5 + 1 = 3.5 (sum 28 = 7·8/2).
    // μ = 7·8/4 = 14; σ² = 7·8·15/24 − ((2³ − 2) + (3³ − 3))/48 = 35 − 30/48 = 34.375, σ = 5.863020.
    // z = (24.5 − 14 − 0.5) / 5.863020 = 1.705605.
    // Φ(1.70) = 0.955435, Φ(1.71) = 0.956367 → Φ(1.7056) ≈ 0.955435 + 0.5605·0.000932 = 0.955957;
    // p = 2·(1 − 0.955957) ≈ 0.0881.
    const result = wilcoxonSignedRank([5, 6, 3, 7, 8, 6, 9, 2], [5, 4, 5, 4, 5, 3, 4, 3]);
    expect(result).toMatchObject({ n: 7, zeros: 1, wPlus: 24.5, wMinus: 3.5, w: 3.5, method: 'normal' });
    expect(result.z).toBeCloseTo(1.705605, 5);
    expect(result.pValue).toBeCloseTo(0.0881, 3);
  });

  it('uses the normal approximation above 20 pairs', () => {
    // d = −1..−5 then 6..21: W− = 15, W+ = 231 − 15 = 216.
    // μ = 21·22/4 = 115.5; σ² = 21·22·43/24 = 827.75, σ = 28.770645; z = 100/28.770645 = 3.475762.
    // 1 − Φ(3.47) = 0.000260, 1 − Φ(3.48) = 0.000251 → 1 − Φ(3.4758) ≈ 0.000255; p ≈ 0.00051.
    const b = Array.from({ length: 21 }, () => 100);
    const a = b.map((x, i) => (i < 5 ? x - (i + 1) : x + i + 1));
    const result = wilcoxonSignedRank(a, b);
    expect(result).toMatchObject({ n: 21, wPlus: 216, wMinus: 15, method: 'normal' });
    expect(result.z).toBeCloseTo(3.475762, 5);
    expect(result.pValue).toBeCloseTo(0.00051, 4);
  });

  it('gives a negative z when b tends to be higher', () => {
    // Swapping a and b swaps W+ and W−: z = (2 − 7.5 + 0.5)/√13.75 = −1.348400; p unchanged.
    const result = wilcoxonSignedRank([2, 3, 5, 5, 5], [3, 1, 8, 9, 10]);
    expect(result.z).toBeCloseTo(-1.3484, 4);
    expect(result.pValue).toBeCloseTo(0.1875, 12);
  });

  it('finds no difference when every pair is equal', () => {
    expect(wilcoxonSignedRank([3, 4, 5], [3, 4, 5])).toMatchObject({ n: 0, zeros: 3, w: 0, z: 0, pValue: 1 });
  });
});
