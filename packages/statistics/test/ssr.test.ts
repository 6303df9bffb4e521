import { describe, expect, it } from 'vitest';

import { expectedRating, meanPmf, scalePmf, ssrPmf, topTwoBox } from '../src/index.js';

// Anchors chosen on 3-4-5 triangles so every cosine with the response (2, 0) is rational, and
// given lengths other than 1 so the normalisation is exercised.
// Set A: cosines −1, −3/5, 0, 3/5, 1 → γ = (1 + cos)/2 = 0, 0.2, 0.5, 0.8, 1.
const response = [2, 0];
const setA = [
  [-2, 0],
  [-3, 4],
  [0, 7],
  [6, 8],
  [5, 0],
];
// Set B: cosines −4/5, −3/5, 0, 4/5, 1 → γ = 0.1, 0.2, 0.5, 0.9, 1.
const setB = [
  [-4, 3],
  [-3, 4],
  [0, 1],
  [4, 3],
  [1, 0],
];

function expectPmf(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((p, k) => expect(p).toBeCloseTo(expected[k]!, 12));
}

describe('ssrPmf', () => {
  it('subtracts the minimum similarity and normalises, without a softmax', () => {
    // γ − min = [0, 0.2, 0.5, 0.8, 1]; Σγ − 5·min = 2.5 → p = [0, 0.08, 0.2, 0.32, 0.4].
    expectPmf(ssrPmf(response, [setA]), [0, 0.08, 0.2, 0.32, 0.4]);
  });

  it('subtracts a non-zero minimum', () => {
    // γ = [0.1, 0.2, 0.5, 0.9, 1], min 0.1 → numerators [0, 0.1, 0.4, 0.8, 0.9];
    // denominator 2.7 − 5·0.1 = 2.2 → [0, 1, 4, 8, 9] / 22.
    expectPmf(ssrPmf(response, [setB]), [0, 1 / 22, 4 / 22, 8 / 22, 9 / 22]);
  });

  it('adds epsilon at the minimum and to the denominator', () => {
    // Set A, ε = 0.5: numerators [0 + 0.5, 0.2, 0.5, 0.8, 1]; denominator 2.5 + 0.5 = 3
    // → [1/6, 1/15, 1/6, 4/15, 1/3] (= [5, 2, 5, 8, 10] / 30).
    expectPmf(ssrPmf(response, [setA], { epsilon: 0.5 }), [1 / 6, 1 / 15, 1 / 6, 4 / 15, 1 / 3]);
  });

  it('adds epsilon only at the first of several minimum positions, in three dimensions', () => {
    // Response (2, 0, 0). Anchors (0,1,0), (0,0,2), (0,3,4) are orthogonal to it: γ = 0.5 each;
    // (3,0,4): cos 3/5 → γ 0.8; (1,0,0): γ 1. Σγ = 3.3, min 0.5 first at index 0.
    // ε = 0.2: numerators [0.2, 0, 0, 0.3, 0.5]; denominator 3.3 − 2.5 + 0.2 = 1.
    const anchors = [
      [0, 1, 0],
      [0, 0, 2],
      [0, 3, 4],
      [3, 0, 4],
      [1, 0, 0],
    ];
    expectPmf(ssrPmf([2, 0, 0], [anchors], { epsilon: 0.2 }), [0.2, 0, 0, 0.3, 0.5]);
  });

  it('scales by temperature as p^(1/T), renormalised', () => {
    // Set A p = [0, 2, 5, 8, 10]/25; T = 0.5 squares it: [0, 4, 25, 64, 100]/625;
    // Σ = 193/625 → [0, 4, 25, 64, 100] / 193.
    expectPmf(ssrPmf(response, [setA], { temperature: 0.5 }), [0, 4 / 193, 25 / 193, 64 / 193, 100 / 193]);
  });

  it('averages two anchor sets point by point', () => {
    // A = [0, 44, 110, 176, 220]/550, B = [0, 25, 100, 200, 225]/550 (both over 550);
    // mean = [0, 69, 210, 376, 445] / 1100.
    expectPmf(ssrPmf(response, [setA, setB]), [0, 69 / 1100, 210 / 1100, 376 / 1100, 445 / 1100]);
  });

  it('applies temperature after averaging the sets, as the reference does', () => {
    // Squares of [0, 69, 210, 376, 445]: [0, 4761, 44100, 141376, 198025], Σ = 388262.
    // Scaling each set first would give p5 = (100/193 + 81/162)/2 ≈ 0.5091, not 198025/388262 ≈ 0.5100.
    const total = 4761 + 44100 + 141376 + 198025;
    expect(total).toBe(388262);
    expectPmf(ssrPmf(response, [setA, setB], { temperature: 0.5 }), [0, 4761 / total, 44100 / total, 141376 / total, 198025 / total]);
  });

  it('makes a one-hot distribution at the maximum for temperature 0', () => {
    expectPmf(ssrPmf(response, [setA], { temperature: 0 }), [0, 0, 0, 0, 1]);
  });

  it('rejects an anchor set without five anchors and mismatched dimensions', () => {
    expect(() => ssrPmf(response, [setA.slice(0, 4)])).toThrow(RangeError);
    expect(() => ssrPmf([1, 0, 0], [setA])).toThrow(RangeError);
    expect(() => ssrPmf([0, 0], [setA])).toThrow(RangeError);
  });

  it('rejects a response equally similar to every anchor unless epsilon is positive', () => {
    // Every anchor is orthogonal to (1, 0, 0): γ = 0.5 each, numerators 0, denominator 2.5 − 2.5 + ε.
    const orthogonal = [
      [0, 1, 0],
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 0],
      [0, -1, 0],
    ];
    expect(() => ssrPmf([1, 0, 0], [orthogonal])).toThrow(RangeError);
    // ε = 0.1: numerators [0.1, 0, 0, 0, 0] / 0.1 → all mass on the first minimum.
    expectPmf(ssrPmf([1, 0, 0], [orthogonal], { epsilon: 0.1 }), [1, 0, 0, 0, 0]);
    // Parallel anchors differ from the response only by rounding, which counts as equal too.
    const parallel = [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ];
    expect(() => ssrPmf([1, 1], [parallel])).toThrow(RangeError);
  });
});

describe('scalePmf', () => {
  it('leaves a uniform distribution unchanged at temperature 0', () => {
    expectPmf(scalePmf([0.2, 0.2, 0.2, 0.2, 0.2], 0), [0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it('flattens the distribution above temperature 1', () => {
    // T = 2: √[0.04, 0.16, 0.16, 0.64, 0] = [0.2, 0.4, 0.4, 0.8, 0], Σ 1.8 → [1, 2, 2, 4, 0] / 9.
    expectPmf(scalePmf([0.04, 0.16, 0.16, 0.64, 0], 2), [1 / 9, 2 / 9, 2 / 9, 4 / 9, 0]);
  });
});

describe('distribution summaries', () => {
  it('computes the expected rating Σ k·p_k', () => {
    // 1·0 + 2·0.08 + 3·0.2 + 4·0.32 + 5·0.4 = 0.16 + 0.6 + 1.28 + 2 = 4.04.
    expect(expectedRating([0, 0.08, 0.2, 0.32, 0.4])).toBeCloseTo(4.04, 12);
  });

  it('computes top-2-box as p4 + p5', () => {
    // 0.32 + 0.4 = 0.72.
    expect(topTwoBox([0, 0.08, 0.2, 0.32, 0.4])).toBeCloseTo(0.72, 12);
  });

  it('averages distributions point by point', () => {
    // ([1,0,0,0,0] + [0,0,0,0,1]) / 2 = [0.5, 0, 0, 0, 0.5]; its expected rating (1 + 5)/2 = 3.
    const mean = meanPmf([
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]);
    expectPmf(mean, [0.5, 0, 0, 0, 0.5]);
    expect(expectedRating(mean)).toBeCloseTo(3, 12);
  });

  it('rejects a vector that is not a distribution', () => {
    expect(() => expectedRating([0.5, 0.6, 0, 0, 0])).toThrow(RangeError);
    expect(() =>
      meanPmf([
        [1, 0, 0, 0, 0],
        [1, 0, 0],
      ]),
    ).toThrow(RangeError);
  });
});
