import { describe, expect, it } from 'vitest';

import { answerDistribution, INTENT_10, LIKERT_5, spreadDiagnostics } from '../src/index.js';

describe('spreadDiagnostics', () => {
  it('computes SD, entropy and the most common answer of a spread sample', () => {
    // [1, 2, 2, 3, 5, 5, 5, 5]: n = 8, mean 28/8 = 3.5.
    // Squared deviations 6.25 + 2·2.25 + 0.25 + 4·2.25 = 20 → SD = √(20/7) = 1.690309.
    // Shares 1/8, 2/8, 1/8, 0, 4/8 → H = 2·(1/8)·3 + (1/4)·2 + (1/2)·1 = 0.75 + 0.5 + 0.5 = 1.75 bits.
    // The most common answer, 5, holds exactly half: not more than half, so not collapsed.
    const spread = spreadDiagnostics([1, 2, 2, 3, 5, 5, 5, 5], LIKERT_5);
    expect(spread).toMatchObject({ n: 8, mean: 3.5, mostCommon: 5, mostCommonShare: 0.5, collapsed: false });
    expect(spread.sd).toBeCloseTo(1.690309, 6);
    expect(spread.entropyBits).toBeCloseTo(1.75, 12);
  });

  it('flags a collapsed spread when one answer holds more than half', () => {
    // Intents [7, 7, 7, 8]: mean 7.25; squared deviations 3·0.0625 + 0.5625 = 0.75 → SD = √(0.75/3) = 0.5.
    // H = −(0.75·log2 0.75 + 0.25·log2 0.25) = 0.75·0.415037 + 0.5 = 0.811278 bits; 7 holds 0.75.
    const spread = spreadDiagnostics([7, 7, 7, 8], INTENT_10);
    expect(spread).toMatchObject({ n: 4, mean: 7.25, mostCommon: 7, mostCommonShare: 0.75, collapsed: true });
    expect(spread.sd).toBeCloseTo(0.5, 12);
    expect(spread.entropyBits).toBeCloseTo(0.811278, 6);
  });

  it('has zero entropy and no sample SD for a single answer', () => {
    expect(spreadDiagnostics([4], LIKERT_5)).toMatchObject({ sd: null, entropyBits: 0, mostCommonShare: 1, collapsed: true });
  });

  it('names the lowest of equally common answers', () => {
    // 2 and 4 each hold 2/4.
    expect(spreadDiagnostics([4, 2, 4, 2], LIKERT_5)).toMatchObject({ mostCommon: 2, mostCommonShare: 0.5 });
  });

  it('rejects answers off the scale', () => {
    expect(() => spreadDiagnostics([0, 3], LIKERT_5)).toThrow(RangeError);
    expect(() => spreadDiagnostics([2.5], LIKERT_5)).toThrow(RangeError);
    expect(() => spreadDiagnostics([], LIKERT_5)).toThrow(RangeError);
  });
});

describe('answerDistribution', () => {
  it('counts the share at each scale point', () => {
    // [1, 2, 2, 5] → 1/4, 2/4, 0, 0, 1/4.
    expect(answerDistribution([1, 2, 2, 5], LIKERT_5)).toEqual([0.25, 0.5, 0, 0, 0.25]);
  });
});
