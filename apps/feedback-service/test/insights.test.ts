// The insights of a group of answers, checked against values computed by hand in the comments.
import { describe, expect, it } from 'vitest';

import { answerStats, compareProducts, type ResultForInsights, seedOf } from '../src/domain/insights.js';

const persona = (gender: string | null, ageGroup: string | null = null) => ({ gender, ageGroup, country: 'US', incomeLevel: null });

function answer(
  productId: string,
  personaId: string,
  intent: number | null,
  ssr: number[] | null,
  who = persona(null),
  status = intent === null ? 'FAILED' : 'COMPLETED',
): ResultForInsights {
  const rating = ssr ? ssr.reduce((sum, p, k) => sum + p * (k + 1), 0) : null;
  return {
    productId,
    personaId,
    status,
    purchaseIntent: intent,
    keyConcerns: [],
    ssrDistribution: ssr ?? [],
    ssrRating: rating,
    persona: who,
  };
}

// Three completed answers and one failure:
//   A: intent 7, SSR [0, 0, .2, .4, .4]   → rating .6 + 1.6 + 2.0      = 4.2, FEMALE, 25-34
//   B: intent 8, SSR [0, .1, .2, .3, .4]  → rating .2 + .6 + 1.2 + 2.0 = 4.0, MALE
//   C: intent 3, SSR [.4, .3, .2, .1, 0]  → rating .4 + .6 + .6 + .4   = 2.0, FEMALE
const P1 = [
  answer('p1', 'A', 7, [0, 0, 0.2, 0.4, 0.4], persona('FEMALE', '25-34')),
  answer('p1', 'B', 8, [0, 0.1, 0.2, 0.3, 0.4], persona('MALE')),
  answer('p1', 'C', 3, [0.4, 0.3, 0.2, 0.1, 0], persona('FEMALE')),
  answer('p1', 'D', null, null, persona('MALE')),
];
const SEED = seedOf('00000000-0000-4000-8000-000000000001');

describe('answerStats', () => {
  const stats = answerStats(P1, SEED);

  it('reports the direct intent as before: mean (7+8+3)/3 = 6, likely buyers 2 of 3 = 66.7 %', () => {
    expect(stats).toMatchObject({
      results: 4,
      completed: 3,
      failed: 1,
      averagePurchaseIntent: 6,
      likelyBuyerPercentage: 66.7,
      intentDistribution: [0, 0, 1, 0, 0, 0, 1, 1, 0, 0],
    });
  });

  it('averages the SSR distributions: [.4/3, .4/3, .2, .8/3, .8/3], rating 3.4, top-2-box 1.6/3 = 53.33 %', () => {
    expect(stats.ssr).toEqual({ n: 3, meanDistribution: [0.1333, 0.1333, 0.2, 0.2667, 0.2667], expectedRating: 3.4, topTwoBox: 53.33 });
  });

  it('diagnoses the spread: SD √((1+4+9)/2) = √7, entropy log2 3, no answer above half', () => {
    expect(stats.spread).toEqual({ sd: 2.6458, entropyBits: 1.585, mostCommon: 3, mostCommonShare: 0.3333, collapsed: false });
  });

  it('gives each figure a seeded 95 % interval around its estimate', () => {
    const { averagePurchaseIntent, likelyBuyerShare, ssrExpectedRating, ssrTopTwoBox } = stats.intervals;
    expect(averagePurchaseIntent).toMatchObject({ estimate: 6, n: 3, resamples: 2000, confidence: 0.95, smallSample: true });
    expect(likelyBuyerShare!.estimate).toBeCloseTo(66.6667, 4);
    expect(ssrExpectedRating!.estimate).toBeCloseTo(3.4, 10);
    // Top-2-box per answer: .8, .7, .1 → mean 1.6/3.
    expect(ssrTopTwoBox!.estimate).toBeCloseTo(53.3333, 4);
    // A resample of three answers can only land between the lowest and the highest answer.
    expect(averagePurchaseIntent!.lower).toBeGreaterThanOrEqual(3);
    expect(averagePurchaseIntent!.upper).toBeLessThanOrEqual(8);
    expect(averagePurchaseIntent!.lower).toBeLessThan(6);
    expect(averagePurchaseIntent!.upper).toBeGreaterThan(6);
    expect(ssrExpectedRating!.lower).toBeGreaterThanOrEqual(2);
    expect(ssrExpectedRating!.upper).toBeLessThanOrEqual(4.2);
    // The same session, the same intervals.
    expect(answerStats(P1, SEED).intervals).toEqual(stats.intervals);
  });

  it('warns about a small sample, and about answers without an SSR rating', () => {
    const unrated = answerStats([...P1, answer('p1', 'E', 5, null)], SEED);
    expect(unrated.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'NO_SSR']);
    expect(unrated.warnings[1]!.message).toContain('1 of 4 completed answers have no SSR rating');
    expect(unrated.ssr!.n).toBe(3);
  });

  it('warns when one answer holds more than half of the answers (3 of 5 gave 5), not at exactly half', () => {
    const collapsed = answerStats(
      [5, 5, 5, 6, 7].map((intent, i) => answer('p1', `x${i}`, intent, null)),
      SEED,
    );
    expect(collapsed.spread).toMatchObject({ mostCommon: 5, mostCommonShare: 0.6, collapsed: true });
    expect(collapsed.warnings.map((w) => w.code)).toContain('COLLAPSED_SPREAD');
    const half = answerStats(
      [5, 5, 6, 7].map((intent, i) => answer('p1', `x${i}`, intent, null)),
      SEED,
    );
    expect(half.spread!.collapsed).toBe(false);
  });

  it('breaks the answers down by the stored persona fields, empty fields as "unknown", never-known fields not at all', () => {
    const gender = stats.segments.filter((s) => s.dimension === 'gender');
    // FEMALE: A and C → intent (7+3)/2 = 5, likely 1 of 2 = 50 %, SSR (4.2+2)/2 = 3.1. MALE: B only (D failed).
    expect(
      gender.map(({ value, n, averagePurchaseIntent, likelyBuyerPercentage, ssrExpectedRating, smallSample }) => ({
        value,
        n,
        averagePurchaseIntent,
        likelyBuyerPercentage,
        ssrExpectedRating,
        smallSample,
      })),
    ).toEqual([
      { value: 'FEMALE', n: 2, averagePurchaseIntent: 5, likelyBuyerPercentage: 50, ssrExpectedRating: 3.1, smallSample: true },
      { value: 'MALE', n: 1, averagePurchaseIntent: 8, likelyBuyerPercentage: 100, ssrExpectedRating: 4, smallSample: true },
    ]);
    // One answer: every resample is that answer, so the interval is the answer itself.
    expect(gender[1]!.intervals.averagePurchaseIntent).toMatchObject({ estimate: 8, lower: 8, upper: 8, n: 1 });
    expect(stats.segments.filter((s) => s.dimension === 'ageGroup').map((s) => [s.value, s.n])).toEqual([
      ['25-34', 1],
      ['unknown', 2],
    ]);
    expect(stats.segments.filter((s) => s.dimension === 'country').map((s) => [s.value, s.n])).toEqual([['US', 3]]);
    // No persona has an income level: no breakdown by it.
    expect(stats.segments.filter((s) => s.dimension === 'incomeLevel')).toEqual([]);
  });

  it('has no figures, intervals or spread when nothing completed', () => {
    const none = answerStats([answer('p1', 'D', null, null)], SEED);
    expect(none).toMatchObject({ completed: 0, averagePurchaseIntent: null, ssr: null, spread: null, segments: [], warnings: [] });
    expect(none.intervals).toEqual({ averagePurchaseIntent: null, likelyBuyerShare: null, ssrExpectedRating: null, ssrTopTwoBox: null });
  });
});

describe('compareProducts', () => {
  // P2 for the same personas: A 5, B 5, C 3, and E (who did not answer P1). Pairs: A, B, C.
  // Intent differences P1 − P2: 2, 3, 0 → mean 5/3. Wilcoxon drops the zero: |2| rank 1, |3| rank 2,
  // W+ = 3, W− = 0, exact two-sided p = 2 · P(W ≤ 0 | n = 2) = 2 · 1/4 = 0.5.
  // A resample of all three on C (probability 1/27 ≈ 3.7 % > 2.5 %) has mean 0, so the interval's
  // lower end is 0: no clear difference.
  const P2 = [
    answer('p2', 'A', 5, [0, 0.2, 0.4, 0.4, 0]),
    answer('p2', 'B', 5, [0, 0.2, 0.4, 0.4, 0]),
    answer('p2', 'C', 3, null),
    answer('p2', 'E', 9, [0, 0, 0, 0, 1]),
  ];
  const [comparison] = compareProducts(
    [
      { id: 'p1', name: 'One' },
      { id: 'p2', name: 'Two' },
    ],
    [...P1, ...P2],
    SEED,
  );

  it('pairs answers by persona and tests the differences', () => {
    expect(comparison).toMatchObject({
      productA: { id: 'p1', name: 'One' },
      productB: { id: 'p2', name: 'Two' },
      pairs: 3,
      smallSample: true,
    });
    expect(comparison!.purchaseIntent!.difference).toMatchObject({ estimate: 1.6667, n: 3, lower: 0 });
    expect(comparison!.purchaseIntent!.test).toEqual({
      name: 'wilcoxon-signed-rank',
      n: 2,
      zeros: 1,
      statistic: 0,
      z: expect.any(Number),
      pValue: 0.5,
      method: 'exact',
    });
    expect(comparison!.purchaseIntent!.verdict).toBe('no clear difference');
  });

  it('compares SSR ratings over the pairs rated on both sides', () => {
    // P2's A and B rate 2·.2 + 3·.4 + 4·.4 = 3.2; C is unrated. Differences: 4.2 − 3.2 = 1, 4.0 − 3.2 = .8.
    expect(comparison!.ssrExpectedRating!.difference).toMatchObject({ estimate: 0.9, n: 2 });
    // Both differences are positive, so every resample's mean is; but the exact signed-rank test on
    // two pairs cannot go below p = 2 · 1/4 = 0.5: no clear difference.
    expect(comparison!.ssrExpectedRating!.difference.lower).toBeGreaterThan(0);
    expect(comparison!.ssrExpectedRating!.test!.pValue).toBe(0.5);
    expect(comparison!.ssrExpectedRating!.verdict).toBe('no clear difference');
  });

  it('compares every pair of products once, in the session order', () => {
    const three = compareProducts(
      ['p1', 'p2', 'p3'].map((id) => ({ id, name: id })),
      [...P1, ...P2],
      SEED,
    );
    expect(three.map((c) => `${c.productA.id}-${c.productB.id}`)).toEqual(['p1-p2', 'p1-p3', 'p2-p3']);
    expect(three[1]).toMatchObject({ pairs: 0, purchaseIntent: null, ssrExpectedRating: null });
  });
});
