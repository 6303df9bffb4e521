// The insights of a finished session as text: the products side by side, then each product's
// intent histogram and key themes.
import type { FeedbackSession, IntentInsights } from '@persona-lab/contracts';

import { intentHistogram } from './histogram.js';
import { renderTable, truncate } from './table.js';

const LIKELY_BUYER_MIN_INTENT = 7;

/** How many completed answers had an intent of 7 or more (the distribution is indexed from intent 1). */
export function likelyBuyers(stats: Pick<IntentInsights, 'intentDistribution'>): number {
  return stats.intentDistribution.slice(LIKELY_BUYER_MIN_INTENT - 1).reduce((sum, count) => sum + count, 0);
}

export function formatAverage(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

export function formatLikelyBuyers(stats: Pick<IntentInsights, 'likelyBuyerPercentage' | 'intentDistribution' | 'completed'>): string {
  if (stats.likelyBuyerPercentage === null) return '–';
  return `${stats.likelyBuyerPercentage} % (${likelyBuyers(stats)} of ${stats.completed})`;
}

interface Column {
  name: string;
  stats: IntentInsights;
}

export function comparisonTable(columns: readonly Column[]): string[] {
  return renderTable([
    ['', ...columns.map((c) => truncate(c.name, 28))],
    ['Average intent (1–10)', ...columns.map((c) => formatAverage(c.stats.averagePurchaseIntent))],
    [`Likely buyers (intent ≥ ${LIKELY_BUYER_MIN_INTENT})`, ...columns.map((c) => formatLikelyBuyers(c.stats))],
    ['Answers', ...columns.map((c) => String(c.stats.completed))],
    ['Failed', ...columns.map((c) => String(c.stats.failed))],
  ]);
}

export function productSection(column: Column): string[] {
  const lines = [
    `── ${column.name} ──`,
    '',
    'Purchase intent',
    ...intentHistogram(column.stats.intentDistribution).map((l) => `  ${l}`),
    '',
  ];
  lines.push('Key themes');
  if (column.stats.keyThemes.length === 0) lines.push('  (none)');
  for (const theme of column.stats.keyThemes)
    lines.push(`  - ${theme.theme} (${theme.mentions} ${theme.mentions === 1 ? 'mention' : 'mentions'})`);
  return lines;
}

/** Everything printed after a session: the comparison, one section per product, the simulated note. */
export function renderInsights(session: FeedbackSession): string[] {
  const insights = session.insights;
  if (!insights) return [`No insights (session ${session.status.toLowerCase()}).`];
  const columns: Column[] = insights.products.map((p) => ({ name: p.productName, stats: p }));
  const lines = ['Insights', '', ...comparisonTable(columns), ''];
  for (const column of columns) lines.push(...productSection(column), '');
  if (insights.simulated) {
    lines.push(
      'Note: the answers were simulated by the offline AI provider (no model was called); configure a provider for real feedback.',
    );
  }
  return lines;
}
