// One product's part of the report: its intent histogram, the mean SSR distribution, the
// warnings in plain words, the segments and the key themes.
import type { IntentInsights, SegmentDimension, SegmentInsights } from '@persona-lab/contracts';

import { formatBounds, formatNumber, formatPercent, formatShare } from './format.js';
import { intentHistogram } from './histogram.js';
import { renderTable } from './table.js';

export interface Column {
  name: string;
  stats: IntentInsights;
}

const SMALL_SAMPLE = 30;

/** The warnings of one group of answers, each a sentence a product team can act on. */
export function warningLines(stats: IntentInsights): string[] {
  return stats.warnings.map((warning) => {
    switch (warning.code) {
      case 'SMALL_SAMPLE':
        return `Small sample: only ${stats.completed} answers (fewer than ${SMALL_SAMPLE}), so the intervals are wide and a few more answers could change the picture.`;
      case 'COLLAPSED_SPREAD':
        return stats.spread
          ? `Collapsed spread: ${formatShare(stats.spread.mostCommonShare)} of the answers gave intent ${stats.spread.mostCommon}. Language models tend to agree with themselves; real consumers disagree more than this.`
          : warning.message;
      case 'NO_SSR': {
        const rated = stats.ssr?.n ?? 0;
        return rated === 0
          ? 'No SSR rating: no purchase statement could be rated, so only the direct intent is shown.'
          : `Partial SSR rating: ${stats.completed - rated} of ${stats.completed} answers could not be rated; the SSR figures cover the other ${rated}.`;
      }
      default:
        return (warning as { message: string }).message;
    }
  });
}

/** Bars of the mean SSR distribution over ratings 1..5, e.g. `  p(4) │██████      31 %`. */
export function ssrDistributionLines(distribution: readonly number[], width = 24): string[] {
  const most = Math.max(0, ...distribution);
  return distribution.map((p, i) => {
    const length = most === 0 || p === 0 ? 0 : Math.max(1, Math.round((p / most) * width));
    return `p(${i + 1}) │${'█'.repeat(length).padEnd(width)} ${formatShare(p).padStart(5)}`;
  });
}

const DIMENSION_LABEL: Record<SegmentDimension, string> = {
  gender: 'Gender',
  ageGroup: 'Age group',
  country: 'Country',
  incomeLevel: 'Income',
};

const withBounds = (value: string, bounds: string) => (value === '–' ? value : `${value} (${bounds})`);

/** One row per segment: n (starred when small), mean intent, likely buyers and SSR rating, each with its interval. */
export function segmentTable(segments: readonly SegmentInsights[]): string[] {
  const rows = segments.map((s) => [
    `${DIMENSION_LABEL[s.dimension]}: ${s.value}`,
    `${s.n}${s.smallSample ? '*' : ''}`,
    withBounds(formatNumber(s.averagePurchaseIntent), formatBounds(s.intervals.averagePurchaseIntent)),
    withBounds(formatPercent(s.likelyBuyerPercentage), formatBounds(s.intervals.likelyBuyerShare, 'percent')),
    withBounds(formatNumber(s.ssrExpectedRating), formatBounds(s.intervals.ssrExpectedRating)),
  ]);
  return renderTable([['Segment', 'n', 'Intent (1–10)', 'Likely buyers', 'SSR rating (1–5)'], ...rows]);
}

export function productSection(column: Column): string[] {
  const { stats } = column;
  const lines = [`── ${column.name} ──`, '', 'Purchase intent', ...intentHistogram(stats.intentDistribution).map((l) => `  ${l}`), ''];
  if (stats.ssr) {
    lines.push(
      `SSR purchase likelihood (mean distribution of ${stats.ssr.n} rated answers)`,
      ...ssrDistributionLines(stats.ssr.meanDistribution).map((l) => `  ${l}`),
      '',
    );
  }
  const warnings = warningLines(stats);
  if (warnings.length) lines.push('Warnings', ...warnings.map((w) => `  ! ${w}`), '');
  if (stats.segments.length) {
    lines.push('Segments (mean with its 95 % interval; * fewer than 30 answers)', ...segmentTable(stats.segments).map((l) => `  ${l}`), '');
  }
  lines.push('Key themes');
  if (stats.keyThemes.length === 0) lines.push('  (none)');
  for (const theme of stats.keyThemes)
    lines.push(`  - ${theme.theme} (${theme.mentions} ${theme.mentions === 1 ? 'mention' : 'mentions'})`);
  return lines;
}
