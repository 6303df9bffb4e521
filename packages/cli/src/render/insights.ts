// The insights of a finished session as text: the products side by side with their intervals and
// spread, then each product's section, the paired comparisons and, for simulated answers, a note.
import type { FeedbackSession, IntentInsights } from '@persona-lab/contracts';

import { comparisonLines } from './comparisons.js';
import { formatBounds, formatNumber, formatPercent, formatShare } from './format.js';
import { type Column, productSection } from './product-section.js';
import { renderTable, truncate } from './table.js';

const LIKELY_BUYER_MIN_INTENT = 7;

export const SIMULATED_NOTE =
  'Note: the answers were simulated by the offline AI provider (no model was called): the figures show how a report reads, they are not evidence. Configure a provider for real feedback.';

/** How many completed answers had an intent of 7 or more (the distribution is indexed from intent 1). */
export function likelyBuyers(stats: Pick<IntentInsights, 'intentDistribution'>): number {
  return stats.intentDistribution.slice(LIKELY_BUYER_MIN_INTENT - 1).reduce((sum, count) => sum + count, 0);
}

export function formatAverage(value: number | null): string {
  return formatNumber(value);
}

export function formatLikelyBuyers(stats: Pick<IntentInsights, 'likelyBuyerPercentage' | 'intentDistribution' | 'completed'>): string {
  if (stats.likelyBuyerPercentage === null) return '–';
  return `${stats.likelyBuyerPercentage} % (${likelyBuyers(stats)} of ${stats.completed})`;
}

function mostCommon(stats: IntentInsights): string {
  return stats.spread ? `${stats.spread.mostCommon} (${formatShare(stats.spread.mostCommonShare)})` : '–';
}

export function comparisonTable(columns: readonly Column[]): string[] {
  const row = (label: string, cell: (stats: IntentInsights) => string) => [label, ...columns.map((c) => cell(c.stats))];
  const interval = '  95 % interval';
  return renderTable([
    ['', ...columns.map((c) => truncate(c.name, 28))],
    row('Average intent (1–10)', (s) => formatAverage(s.averagePurchaseIntent)),
    row(interval, (s) => formatBounds(s.intervals.averagePurchaseIntent)),
    row(`Likely buyers (intent ≥ ${LIKELY_BUYER_MIN_INTENT})`, formatLikelyBuyers),
    row(interval, (s) => formatBounds(s.intervals.likelyBuyerShare, 'percent')),
    row('SSR expected rating (1–5)', (s) => formatNumber(s.ssr?.expectedRating)),
    row(interval, (s) => formatBounds(s.intervals.ssrExpectedRating)),
    row('SSR top-2-box (4 or 5)', (s) => formatPercent(s.ssr?.topTwoBox)),
    row(interval, (s) => formatBounds(s.intervals.ssrTopTwoBox, 'percent')),
    row('SD of intent', (s) => formatNumber(s.spread?.sd)),
    row('Entropy of intent (bits)', (s) => formatNumber(s.spread?.entropyBits)),
    row('Most common intent', mostCommon),
    row('Answers', (s) => String(s.completed)),
    row('Failed', (s) => String(s.failed)),
  ]);
}

/** Everything printed after a session: the comparison, one section per product, the paired comparisons, the simulated note. */
export function renderInsights(session: FeedbackSession): string[] {
  const insights = session.insights;
  if (!insights) return [`No insights (session ${session.status.toLowerCase()}).`];
  const columns: Column[] = insights.products.map((p) => ({ name: p.productName, stats: p }));
  const lines = ['Insights', '', ...comparisonTable(columns), ''];
  lines.push('Intervals: 95 % bootstrap intervals over this panel’s answers (how much the model’s answers vary), not population margins.');
  lines.push('');
  for (const column of columns) lines.push(...productSection(column), '');
  lines.push(...comparisonLines(insights.comparisons));
  if (insights.simulated) lines.push(SIMULATED_NOTE);
  return lines;
}
