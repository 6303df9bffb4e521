// The insights of a group of answers, checked against values computed by hand in the comments.
import { bootstrapMeansTogether, topTwoBox } from '@persona-lab/statistics';
import { describe, expect, it } from 'vitest';

import { round, seedOf, sessionStats, tidy } from '../src/domain/insights.js';
import { panelOf, type ResultForInsights } from '../src/domain/insights-panel.js';

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

const productsNamed = (ids: string[]) => ids.map((id) => ({ id, name: id }));
/** The insights of a one-product session. */
const answerStats = async (results: ResultForInsights[], seed: number) =>
  (await sessionStats(panelOf(productsNamed(['p1']), results), seed)).products[0]!;
const compareProducts = async (products: { id: string; name: string }[], results: ResultForInsights[], seed: number) =>
  (await sessionStats(panelOf(products, results), seed)).comparisons;

describe('answerStats', async () => {
  const stats = await answerStats(P1, SEED);

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

  it('gives each figure a seeded 95 % interval around its estimate', async () => {
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
    expect((await answerStats(P1, SEED)).intervals).toEqual(stats.intervals);
  });

  it('warns about a small sample, and about answers without an SSR rating', async () => {
    const unrated = await answerStats([...P1, answer('p1', 'E', 5, null)], SEED);
    expect(unrated.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'NO_SSR']);
    expect(unrated.warnings[1]!.message).toContain('1 of 4 completed answers have no SSR rating');
    expect(unrated.ssr!.n).toBe(3);
  });

  it('warns when one answer holds more than half of the answers (3 of 5 gave 5), not at exactly half', async () => {
    const collapsed = await answerStats(
      [5, 5, 5, 6, 7].map((intent, i) => answer('p1', `x${i}`, intent, null)),
      SEED,
    );
    expect(collapsed.spread).toMatchObject({ mostCommon: 5, mostCommonShare: 0.6, collapsed: true });
    expect(collapsed.warnings.map((w) => w.code)).toContain('COLLAPSED_SPREAD');
    const half = await answerStats(
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

  it('has no figures, intervals or spread when nothing completed', async () => {
    const none = await answerStats([answer('p1', 'D', null, null)], SEED);
    expect(none).toMatchObject({ completed: 0, averagePurchaseIntent: null, ssr: null, spread: null, segments: [], warnings: [] });
    expect(none.intervals).toEqual({ averagePurchaseIntent: null, likelyBuyerShare: null, ssrExpectedRating: null, ssrTopTwoBox: null });
  });
});

describe('compareProducts', async () => {
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
  const [comparison] = await compareProducts(
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

  it('compares every pair of products once, in the session order', async () => {
    const three = await compareProducts(
      ['p1', 'p2', 'p3'].map((id) => ({ id, name: id })),
      [...P1, ...P2],
      SEED,
    );
    expect(three.map((c) => `${c.productA.id}-${c.productB.id}`)).toEqual(['p1-p2', 'p1-p3', 'p2-p3']);
    expect(three[1]).toMatchObject({ pairs: 0, purchaseIntent: null, ssrExpectedRating: null });
  });
});

describe('the persona as the sampling unit', () => {
  // 40 personas, each answering every product: intents 1..10 and SSR distributions in eighths (so
  // every sum is exact in floating point and any order of adding gives the same interval).
  const genders = ['FEMALE', 'MALE', 'NON_BINARY'];
  const pmfs = [
    [0, 0.125, 0.25, 0.375, 0.25],
    [0.5, 0.25, 0.125, 0.125, 0],
    [0, 0, 0.25, 0.25, 0.5],
  ];
  const panelAnswers = (products: string[], intentOf: (persona: number, product: number) => number) =>
    products.flatMap((productId, k) =>
      Array.from({ length: 40 }, (_, i) =>
        answer(productId, `persona-${String(i).padStart(2, '0')}`, intentOf(i, k), pmfs[(i + k) % 3]!, persona(genders[i % 3]!)),
      ),
    );
  const columnsOf = (results: ResultForInsights[]) => [
    results.map((r) => r.purchaseIntent!),
    results.map((r) => (r.purchaseIntent! >= 7 ? 1 : 0)),
    results.map((r) => r.ssrRating!),
    results.map((r) => topTwoBox(r.ssrDistribution)),
  ];
  const intervalSet = (results: ResultForInsights[]) => {
    const [intent, likely, rating, topTwo] = bootstrapMeansTogether(columnsOf(results), { seed: SEED });
    return {
      averagePurchaseIntent: tidy(intent!),
      likelyBuyerShare: tidy(likely!, 100),
      ssrExpectedRating: tidy(rating!),
      ssrTopTwoBox: tidy(topTwo!, 100),
    };
  };

  it('gives a one-product session the intervals the bootstrap of its answers gives, whole and per segment', async () => {
    const results = panelAnswers(['p1'], (i) => 1 + ((i * 7) % 10));
    const stats = await answerStats(results, SEED);
    expect(stats.intervals).toEqual(intervalSet(results));
    const female = stats.segments.find((s) => s.dimension === 'gender' && s.value === 'FEMALE')!;
    expect(female.intervals).toEqual(intervalSet(results.filter((r) => r.persona.gender === 'FEMALE')));
  });

  it('draws the same personas for every product, so each product and each pair get the bootstrap of their own answers', async () => {
    const ids = ['p1', 'p2', 'p3'];
    const results = panelAnswers(ids, (i, k) => 1 + ((i * (k + 3)) % 10));
    const stats = await sessionStats(panelOf(productsNamed(ids), results), SEED);
    ids.forEach((id, k) => expect(stats.products[k]!.intervals).toEqual(intervalSet(results.filter((r) => r.productId === id))));
    const intentsOf = (id: string) => results.filter((r) => r.productId === id).map((r) => r.purchaseIntent!);
    const [difference] = bootstrapMeansTogether([intentsOf('p1').map((x, i) => x - intentsOf('p3')[i]!)], { seed: SEED });
    expect(stats.comparisons[1]).toMatchObject({ productA: { id: 'p1' }, productB: { id: 'p3' }, pairs: 40 });
    expect(stats.comparisons[1]!.purchaseIntent!.difference).toEqual(tidy(difference!));
    // All products together: 120 answers, their plain mean.
    const all = results.map((r) => r.purchaseIntent!);
    expect(stats.overall.intervals.averagePurchaseIntent).toMatchObject({ n: 120, estimate: round(all.reduce((a, b) => a + b) / 120, 4) });
  });

  it('moves a persona’s answers together: two products answered alike are as uncertain together as one alone', async () => {
    // Each persona gives both products the same intent. Pooled as 80 independent answers the interval
    // would narrow by about √2; drawn by persona, all products together is exactly one product's interval.
    const ids = ['p1', 'p2'];
    const stats = await sessionStats(
      panelOf(
        productsNamed(ids),
        panelAnswers(ids, (i) => 1 + ((i * 7) % 10)),
      ),
      SEED,
    );
    const one = stats.products[0]!.intervals.averagePurchaseIntent!;
    expect(stats.overall.intervals.averagePurchaseIntent).toEqual({ ...one, n: 80 });
  });
});
