import type { FeedbackSession, IntentInsights, Interval, ProductComparison } from '@persona-lab/contracts';
import { describe, expect, test } from 'vitest';

import { comparisonLines, verdictText } from '../src/render/comparisons.js';
import { formatBounds, formatPValue, formatSigned, formatSignedBounds } from '../src/render/format.js';
import { intentHistogram } from '../src/render/histogram.js';
import { comparisonTable, formatLikelyBuyers, likelyBuyers, renderInsights } from '../src/render/insights.js';
import { productSection, segmentTable, ssrDistributionLines, warningLines } from '../src/render/product-section.js';
import { progressLine } from '../src/render/progress.js';
import { renderTable, truncate } from '../src/render/table.js';

const interval = (estimate: number, lower: number, upper: number, n = 4): Interval => ({
  estimate,
  lower,
  upper,
  confidence: 0.95,
  resamples: 2000,
  n,
  smallSample: n < 30,
});

/** Four answers, intents 4, 6, 8, 8, every one rated by SSR. */
const stats = (overrides: Partial<IntentInsights> = {}): IntentInsights => ({
  results: 4,
  completed: 4,
  failed: 0,
  averagePurchaseIntent: 6.5,
  likelyBuyerPercentage: 50,
  intentDistribution: [0, 0, 0, 1, 0, 1, 0, 2, 0, 0],
  keyThemes: [
    { theme: 'Price too high', mentions: 3 },
    { theme: 'Battery life', mentions: 1 },
  ],
  intervals: {
    averagePurchaseIntent: interval(6.5, 5, 8),
    likelyBuyerShare: interval(50, 0, 100),
    ssrExpectedRating: interval(3.33, 3.104, 3.7),
    ssrTopTwoBox: interval(48, 40.2, 55.5),
  },
  ssr: { n: 4, meanDistribution: [0.1, 0.15, 0.27, 0.28, 0.2], expectedRating: 3.33, topTwoBox: 48 },
  spread: { sd: 1.9149, entropyBits: 1.5, mostCommon: 8, mostCommonShare: 0.5, collapsed: false },
  segments: [
    {
      dimension: 'gender',
      value: 'FEMALE',
      n: 4,
      averagePurchaseIntent: 6.5,
      likelyBuyerPercentage: 50,
      ssrExpectedRating: 3.33,
      intervals: {
        averagePurchaseIntent: interval(6.5, 5, 8),
        likelyBuyerShare: interval(50, 0, 100),
        ssrExpectedRating: interval(3.33, 3.104, 3.7),
        ssrTopTwoBox: interval(48, 40.2, 55.5),
      },
      smallSample: true,
    },
  ],
  warnings: [{ code: 'SMALL_SAMPLE', message: 'Only 4 completed answers (fewer than 30).' }],
  ...overrides,
});

/** A product none of whose answers completed. */
const empty = (): IntentInsights =>
  stats({
    averagePurchaseIntent: null,
    likelyBuyerPercentage: null,
    completed: 0,
    failed: 4,
    intentDistribution: Array.from({ length: 10 }, () => 0),
    intervals: { averagePurchaseIntent: null, likelyBuyerShare: null, ssrExpectedRating: null, ssrTopTwoBox: null },
    ssr: null,
    spread: null,
    segments: [],
    warnings: [],
    keyThemes: [],
  });

const PRODUCT_IDS = ['6f1c2a54-1111-4111-8111-000000000000', '6f1c2a54-1111-4111-8111-000000000001'];

function session(
  products: { name: string; stats: IntentInsights }[],
  simulated = true,
  comparisons: ProductComparison[] = [],
): FeedbackSession {
  return {
    id: '6f1c2a54-1111-4111-8111-111111111111',
    status: 'COMPLETED',
    language: 'en',
    products: products.map((p, i) => ({ id: PRODUCT_IDS[i]!, name: p.name })),
    progress: { total: 8, completed: 8, failed: 0, pending: 0, cancelled: 0 },
    createdAt: '2026-11-23T10:00:00.000Z',
    completedAt: '2026-11-23T10:01:00.000Z',
    failureReason: null,
    insights: {
      overall: stats(),
      products: products.map((p, i) => ({ productId: PRODUCT_IDS[i]!, productName: p.name, ...p.stats })),
      comparisons,
      simulated,
    },
  };
}

/** Trail shoe (A) against City shoe (B) for 4 personas: A ahead on intent, no clear difference on SSR. */
const shoeComparison = (overrides: Partial<ProductComparison> = {}): ProductComparison => ({
  productA: { id: PRODUCT_IDS[0]!, name: 'Trail shoe' },
  productB: { id: PRODUCT_IDS[1]!, name: 'City shoe' },
  pairs: 4,
  purchaseIntent: {
    difference: interval(1.25, 0.5, 2.25),
    test: { name: 'wilcoxon-signed-rank', n: 4, zeros: 0, statistic: 0, z: 1.8257, pValue: 0.125, method: 'exact' },
    verdict: 'A ahead',
  },
  ssrExpectedRating: {
    difference: interval(-0.1, -0.4, 0.2),
    test: { name: 'wilcoxon-signed-rank', n: 3, zeros: 1, statistic: 2, z: -0.5345, pValue: 0.0004, method: 'exact' },
    verdict: 'no clear difference',
  },
  smallSample: true,
  ...overrides,
});

describe('intent histogram', () => {
  test('draws one line per intent from 1 to 10 with its count', () => {
    const lines = intentHistogram([0, 0, 0, 1, 0, 1, 0, 2, 0, 0], 8);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(' 1 │         0');
    expect(lines[7]).toBe(' 8 │████████ 2');
    expect(lines[9]).toBe('10 │         0');
  });

  test('scales the bars to the most frequent intent', () => {
    const lines = intentHistogram([10, 5, 0, 0, 0, 0, 0, 0, 0, 0], 20);
    expect(lines[0]).toContain(`│${'█'.repeat(20)} 10`);
    expect(lines[1]).toContain(`│${'█'.repeat(10)}${' '.repeat(10)}  5`);
  });

  test('gives a rare intent a visible bar', () => {
    const lines = intentHistogram([100, 1, 0, 0, 0, 0, 0, 0, 0, 0], 10);
    expect(lines[1]).toBe(` 2 │█${' '.repeat(9)}   1`);
  });

  test('draws no bars when there are no answers', () => {
    expect(
      intentHistogram(
        Array.from({ length: 10 }, () => 0),
        5,
      ).every((line) => line.endsWith('│      0')),
    ).toBe(true);
  });
});

describe('insights', () => {
  test('counts likely buyers from the intents of 7 and above', () => {
    expect(likelyBuyers({ intentDistribution: [1, 0, 0, 0, 0, 2, 1, 0, 3, 1] })).toBe(5);
    expect(formatLikelyBuyers(stats())).toBe('50 % (2 of 4)');
    expect(formatLikelyBuyers(stats({ likelyBuyerPercentage: null, completed: 0 }))).toBe('–');
  });

  test('puts the products side by side with their intervals and spread', () => {
    const lines = comparisonTable([
      { name: 'Trail shoe', stats: stats() },
      { name: 'City shoe', stats: empty() },
    ]);
    // Each column is as wide as its widest cell; 55.5 % rounds up to 56 %.
    expect(lines).toEqual([
      '                                Trail shoe   City shoe',
      'Average intent (1–10)                 6.50           –',
      '  95 % interval                  5.00–8.00           –',
      'Likely buyers (intent ≥ 7)   50 % (2 of 4)           –',
      '  95 % interval                    0–100 %           –',
      'SSR expected rating (1–5)             3.33           –',
      '  95 % interval                  3.10–3.70           –',
      'SSR top-2-box (4 or 5)                48 %           –',
      '  95 % interval                    40–56 %           –',
      'SD of intent                          1.91           –',
      'Entropy of intent (bits)              1.50           –',
      'Most common intent                8 (50 %)           –',
      'Answers                                  4           0',
      'Failed                                   0           4',
    ]);
  });

  test('draws the mean SSR distribution as bars scaled to the likeliest rating', () => {
    // 0.28 is the longest bar (24); 0.10 → 24 · 0.10 / 0.28 = 8.6 → 9, 0.15 → 12.9 → 13, 0.27 → 23.1 → 23, 0.20 → 17.1 → 17.
    expect(ssrDistributionLines([0.1, 0.15, 0.27, 0.28, 0.2])).toEqual([
      `p(1) │${'█'.repeat(9).padEnd(24)}  10 %`,
      `p(2) │${'█'.repeat(13).padEnd(24)}  15 %`,
      `p(3) │${'█'.repeat(23).padEnd(24)}  27 %`,
      `p(4) │${'█'.repeat(24)}  28 %`,
      `p(5) │${'█'.repeat(17).padEnd(24)}  20 %`,
    ]);
  });

  test('says each warning in plain words', () => {
    const collapsed = stats({
      completed: 40,
      spread: { sd: 0.5, entropyBits: 0.9, mostCommon: 5, mostCommonShare: 0.725, collapsed: true },
      ssr: { n: 31, meanDistribution: [0.2, 0.2, 0.2, 0.2, 0.2], expectedRating: 3, topTwoBox: 40 },
      warnings: [
        { code: 'COLLAPSED_SPREAD', message: 'service text' },
        { code: 'NO_SSR', message: 'service text' },
      ],
    });
    expect(warningLines(collapsed)).toEqual([
      'Collapsed spread: 73 % of the answers gave intent 5. Language models tend to agree with themselves; real consumers disagree more than this.',
      'Partial SSR rating: 9 of 40 answers could not be rated; the SSR figures cover the other 31.',
    ]);
    expect(warningLines(stats())).toEqual([
      'Small sample: only 4 answers (fewer than 30), so the intervals are wide and a few more answers could change the picture.',
    ]);
    expect(warningLines(stats({ ssr: null, warnings: [{ code: 'NO_SSR', message: 'service text' }] }))).toEqual([
      'No SSR rating: no purchase statement could be rated, so only the direct intent is shown.',
    ]);
  });

  test('tabulates the segments with their intervals and stars the small ones', () => {
    expect(segmentTable(stats().segments)).toEqual([
      'Segment           n      Intent (1–10)    Likely buyers   SSR rating (1–5)',
      'Gender: FEMALE   4*   6.50 (5.00–8.00)   50 % (0–100 %)   3.33 (3.10–3.70)',
    ]);
  });

  test('prints a product section: histogram, SSR bars, warnings, segments, then themes', () => {
    const lines = productSection({ name: 'Trail shoe', stats: stats() });
    const at = (line: string) => {
      const index = lines.indexOf(line);
      expect(index, line).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [
      at('── Trail shoe ──'),
      at('Purchase intent'),
      at('SSR purchase likelihood (mean distribution of 4 rated answers)'),
      at('Warnings'),
      at('  ! Small sample: only 4 answers (fewer than 30), so the intervals are wide and a few more answers could change the picture.'),
      at('Segments (mean with its 95 % interval; * fewer than 30 answers)'),
      at('  Gender: FEMALE   4*   6.50 (5.00–8.00)   50 % (0–100 %)   3.33 (3.10–3.70)'),
      at('Key themes'),
      at('  - Price too high (3 mentions)'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('leaves out the SSR bars, warnings and segments a product does not have', () => {
    const text = productSection({ name: 'City shoe', stats: empty() }).join('\n');
    expect(text).not.toMatch(/SSR|Warnings|Segments/);
    expect(text).toContain('Key themes\n  (none)');
  });

  test('prints each paired comparison with its difference, interval, test and verdict', () => {
    expect(comparisonLines([shoeComparison()])).toEqual([
      '── Paired comparisons ──',
      '',
      'The same personas rated both products; A − B per persona, Wilcoxon signed-rank test.',
      '',
      'Trail shoe (A) vs City shoe (B): 4 personas rated both',
      '                     A − B    95 % interval            Wilcoxon               Verdict',
      '  Intent (1–10)      +1.25   +0.50 to +2.25   p = 0.125 (exact)      Trail shoe ahead',
      '  SSR rating (1–5)   −0.10   −0.40 to +0.20   p < 0.001 (exact)   no clear difference',
      '  ! Only 4 pairs (fewer than 30): read the verdict with care.',
      '',
    ]);
  });

  test('says when a measure could not be compared or every pair was equal', () => {
    const [, , , , , , intent, ssr] = comparisonLines([
      shoeComparison({
        pairs: 40,
        smallSample: false,
        purchaseIntent: {
          difference: interval(0, 0, 0, 40),
          test: { name: 'wilcoxon-signed-rank', n: 0, zeros: 40, statistic: 0, z: 0, pValue: 1, method: 'exact' },
          verdict: 'no clear difference',
        },
        ssrExpectedRating: null,
      }),
    ]);
    expect(intent).toMatch(/^ {2}Intent \(1–10\)\s+0\.00\s+0\.00 to 0\.00\s+every pair equal\s+no clear difference$/);
    expect(ssr).toMatch(/^ {2}SSR rating \(1–5\)\s+–\s+–\s+–\s+not compared \(no pairs\)$/);
    expect(verdictText(shoeComparison(), 'B ahead')).toBe('City shoe ahead');
  });

  test('prints the comparisons after the products, and says simulated figures are not evidence', () => {
    const lines = renderInsights(
      session(
        [
          { name: 'Trail shoe', stats: stats() },
          { name: 'City shoe', stats: empty() },
        ],
        true,
        [shoeComparison()],
      ),
    );
    expect(lines.indexOf('── City shoe ──')).toBeLessThan(lines.indexOf('── Paired comparisons ──'));
    expect(lines.at(-1)).toBe(
      'Note: the answers were simulated by the offline AI provider (no model was called): the figures show how a report reads, they are not evidence. Configure a provider for real feedback.',
    );
  });

  test('prints each product with its histogram and key themes, and says when answers were simulated', () => {
    const text = renderInsights(session([{ name: 'Trail shoe', stats: stats() }])).join('\n');
    expect(text).toContain('── Trail shoe ──');
    expect(text).toContain('   8 │');
    expect(text).toContain('  - Price too high (3 mentions)');
    expect(text).toContain('  - Battery life (1 mention)');
    expect(text).toMatch(/simulated by the offline AI provider/);
  });

  test('leaves the simulated note out for answers of a real model', () => {
    expect(renderInsights(session([{ name: 'Trail shoe', stats: stats() }], false)).join('\n')).not.toMatch(/simulated/);
  });

  test('says there are no insights for a session without them', () => {
    expect(renderInsights({ ...session([]), status: 'FAILED', insights: null })).toEqual(['No insights (session failed).']);
  });
});

describe('number formats', () => {
  test('prints intervals, signed differences and p-values', () => {
    expect(formatBounds(interval(3, 2.345, 3.5))).toBe('2.35–3.50');
    expect(formatBounds(interval(50, 12.4, 87.6), 'percent')).toBe('12–88 %');
    expect(formatBounds(null)).toBe('–');
    expect(formatSigned(0.004)).toBe('0.00');
    expect(formatSigned(-1.1)).toBe('−1.10');
    expect(formatSignedBounds({ lower: -0.5, upper: 2.75 })).toBe('−0.50 to +2.75');
    expect(formatPValue(0.0312)).toBe('p = 0.031');
    expect(formatPValue(0.0009)).toBe('p < 0.001');
  });
});

describe('tables and progress', () => {
  test('pads the first column left and the others right', () => {
    expect(
      renderTable(
        [
          ['a', 'bb'],
          ['ccc', 'd'],
        ],
        { gap: 1 },
      ),
    ).toEqual(['a   bb', 'ccc  d']);
  });

  test('cuts long names with an ellipsis', () => {
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('abc', 5)).toBe('abc');
  });

  test('shows the share of answers done as a bar', () => {
    expect(progressLine('IN_PROGRESS', { total: 8, completed: 3, failed: 1, pending: 4, cancelled: 0 }, 8)).toBe(
      '[████░░░░]  50% 3/8 answered, 1 failed',
    );
  });

  test('says when every answer is in and the themes are being summed up, and when the session ended', () => {
    const all = { total: 4, completed: 4, failed: 0, pending: 0, cancelled: 0 };
    expect(progressLine('IN_PROGRESS', all, 4)).toBe('[████] 100% 4/4 answered — summarising themes');
    expect(progressLine('COMPLETED', all, 4)).toBe('[████] 100% 4/4 answered — completed');
  });
});
