// Contract-shaped data for component tests, typed by @persona-lab/contracts.
import type { FeedbackResult, FeedbackSession, IntentInsights, Interval, SessionInsights } from '@persona-lab/contracts';

export const ids = {
  study: '00000000-0000-4000-8000-000000000001',
  shoe: '00000000-0000-4000-8000-0000000000a1',
  sneaker: '00000000-0000-4000-8000-0000000000a2',
  ann: '00000000-0000-4000-8000-0000000000b1',
  ben: '00000000-0000-4000-8000-0000000000b2',
};

export const interval = (estimate: number, lower: number, upper: number): Interval => ({
  estimate,
  lower,
  upper,
  confidence: 0.95,
  resamples: 2000,
  n: 2,
  smallSample: true,
});

export function intentInsights(overrides: Partial<IntentInsights> = {}): IntentInsights {
  return {
    results: 2,
    completed: 2,
    failed: 0,
    averagePurchaseIntent: 6.5,
    likelyBuyerPercentage: 50,
    intentDistribution: [0, 0, 0, 0, 0, 1, 1, 0, 0, 0],
    keyThemes: [{ theme: 'Price too high', mentions: 2 }],
    intervals: {
      averagePurchaseIntent: interval(6.5, 6, 7),
      likelyBuyerShare: interval(50, 0, 100),
      ssrExpectedRating: null,
      ssrTopTwoBox: null,
    },
    ssr: { n: 2, meanDistribution: [0.1, 0.1, 0.2, 0.3, 0.3], expectedRating: 3.6, topTwoBox: 60 },
    spread: null,
    segments: [],
    warnings: [{ code: 'SMALL_SAMPLE', message: 'Only 2 completed answers: the intervals are rough.' }],
    ...overrides,
  };
}

export function result(overrides: Partial<FeedbackResult>): FeedbackResult {
  return {
    id: crypto.randomUUID(),
    productId: ids.shoe,
    personaId: ids.ann,
    personaName: 'Ann Example',
    persona: { gender: 'FEMALE', age: 31, ageGroup: '26-35', country: 'DE', region: 'Bavaria', incomeLevel: 'middle' },
    status: 'COMPLETED',
    feedback: 'I like the sole but the price is steep.',
    purchaseIntent: 6,
    purchaseStatement: 'I might buy it on sale.',
    ssr: { distribution: [0.1, 0.2, 0.3, 0.2, 0.2], expectedRating: 3.2 },
    keyConcerns: ['Price too high'],
    failureReason: null,
    ...overrides,
  };
}

/** A finished study of the two products, with `total` results (its view never carries them: they are read by page). */
export function study(insights: SessionInsights | null, total = 0): FeedbackSession {
  return {
    id: ids.study,
    status: 'COMPLETED',
    language: 'en',
    products: [
      { id: ids.shoe, name: 'Trail shoe' },
      { id: ids.sneaker, name: 'City sneaker' },
    ],
    progress: { total, completed: total, failed: 0, pending: 0, cancelled: 0 },
    createdAt: '2026-12-01T10:00:00.000Z',
    completedAt: '2026-12-01T10:05:00.000Z',
    insights,
    failureReason: null,
  };
}
