import type { FeedbackSession, IntentInsights } from '@persona-lab/contracts';
import { describe, expect, test } from 'vitest';

import { intentHistogram } from '../src/render/histogram.js';
import { comparisonTable, formatLikelyBuyers, likelyBuyers, renderInsights } from '../src/render/insights.js';
import { progressLine } from '../src/render/progress.js';
import { renderTable, truncate } from '../src/render/table.js';

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
  ...overrides,
});

function session(products: { name: string; stats: IntentInsights }[], simulated = true): FeedbackSession {
  return {
    id: '6f1c2a54-1111-4111-8111-111111111111',
    status: 'COMPLETED',
    language: 'en',
    products: products.map((p, i) => ({ id: `6f1c2a54-1111-4111-8111-00000000000${i}`, name: p.name })),
    progress: { total: 8, completed: 8, failed: 0, pending: 0, cancelled: 0 },
    createdAt: '2026-11-23T10:00:00.000Z',
    completedAt: '2026-11-23T10:01:00.000Z',
    results: [],
    failureReason: null,
    insights: {
      overall: stats(),
      products: products.map((p, i) => ({ productId: `6f1c2a54-1111-4111-8111-00000000000${i}`, productName: p.name, ...p.stats })),
      simulated,
    },
  };
}

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

  test('puts the products side by side in one table', () => {
    const lines = comparisonTable([
      { name: 'Trail shoe', stats: stats() },
      { name: 'City shoe', stats: stats({ averagePurchaseIntent: null, likelyBuyerPercentage: null, completed: 0, failed: 4 }) },
    ]);
    // Each column is as wide as its widest cell.
    expect(lines).toEqual([
      '                                Trail shoe   City shoe',
      'Average intent (1–10)                 6.50           –',
      'Likely buyers (intent ≥ 7)   50 % (2 of 4)           –',
      'Answers                                  4           0',
      'Failed                                   0           4',
    ]);
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
