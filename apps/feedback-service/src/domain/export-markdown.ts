// The Markdown report of a finished session. Product names and theme labels are user text (or model
// text derived from it), so each goes through markdownText before it lands in a heading, a table
// cell or a list item: it can neither start a block of its own nor form a link, an image or HTML.
import {
  type FeedbackSession,
  type IntentInsights,
  type Interval,
  type PanelQuestion,
  type ProductComparison,
  type SegmentInsights,
  usageText,
} from '@persona-lab/contracts';

import { questionsMarkdown } from './export-questions.js';

// Every Unicode line or paragraph break (plus tabs and other spacing); inside a cell or a heading a
// break would end the line and let the rest start a heading, a list or a table row of its own.
const SPACING = /[\s\u0085]+/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
// Characters that open inline Markdown (code, emphasis, links and images, strikethrough), split a
// table cell, or close a heading. `<` and `>` are entities instead, which also stops autolinks such as
// <javascript:alert(1)>; with `[` escaped no [text](url) link or reference can form.
const INLINE_SIGNIFICANT = /[\\`*_[\]|~#&<>]/g;
// A cell or heading text is never at the start of a line, but the text of a list item is read as a
// block: "- # x", "- - x", "- + x", "- 1. x" or "- ===" would start a heading, a nested list or a rule.
const BLOCK_START = /^([-+=]|\d+(?=[.)]))/;

/** User text as one line of literal Markdown: no block, link, image, HTML or table structure in it. */
export function markdownText(text: string): string {
  return text
    .replace(SPACING, ' ')
    .trim()
    .replace(INLINE_SIGNIFICANT, (char) => HTML_ENTITIES[char] ?? `\\${char}`)
    .replace(BLOCK_START, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`));
}

const number = (value: number | null, suffix = '') => (value === null ? '–' : `${value}${suffix}`);
const fixed = (value: number, places: number) => value.toFixed(places);

/** "5.40 [4.90, 5.90]": the estimate and its 95 % interval. */
function withInterval(interval: Interval | null, places: number, suffix = ''): string {
  if (!interval) return '–';
  const flag = interval.smallSample ? ' ⚠' : '';
  return `${fixed(interval.estimate, places)}${suffix} [${fixed(interval.lower, places)}, ${fixed(interval.upper, places)}]${flag}`;
}

function histogram(distribution: number[]): string {
  const most = Math.max(1, ...distribution);
  return distribution
    .map((count, i) => `${String(i + 1).padStart(2)} | ${'█'.repeat(Math.round((count / most) * 20))} ${count}`)
    .join('\n');
}

const SEGMENT_NAMES: Record<SegmentInsights['dimension'], string> = {
  gender: 'Gender',
  ageGroup: 'Age group',
  country: 'Country',
  incomeLevel: 'Income level',
};

function segmentTable(segments: SegmentInsights[]): string[] {
  if (segments.length === 0) return ['- none'];
  const lines = ['| Segment | n | Mean intent (1–10) | Likely buyers | SSR rating (1–5) |', '|---|---:|---:|---:|---:|'];
  for (const s of segments) {
    lines.push(
      `| ${SEGMENT_NAMES[s.dimension]}: ${markdownText(s.value)} | ${s.n} | ${withInterval(s.intervals.averagePurchaseIntent, 2)} | ${withInterval(s.intervals.likelyBuyerShare, 1, ' %')} | ${withInterval(s.intervals.ssrExpectedRating, 2)} |`,
    );
  }
  return lines;
}

function comparisonLines(comparisons: ProductComparison[]): string[] {
  const lines = [
    '## Paired comparisons',
    '',
    'The same personas rated both products; differences are A − B over the personas who answered both.',
    '',
    '| A | B | Pairs | Intent difference | Wilcoxon p | Verdict (intent) | SSR difference | Verdict (SSR) |',
    '|---|---|---:|---:|---:|---|---:|---|',
  ];
  const p = (m: ProductComparison['purchaseIntent']) => (m?.test ? m.test.pValue.toPrecision(3) : '–');
  for (const c of comparisons) {
    const a = markdownText(c.productA.name);
    const b = markdownText(c.productB.name);
    const verdict = (m: ProductComparison['purchaseIntent']) =>
      !m ? '–' : m.verdict === 'A ahead' ? `${a} ahead` : m.verdict === 'B ahead' ? `${b} ahead` : 'no clear difference';
    lines.push(
      `| ${a} | ${b} | ${c.pairs}${c.smallSample ? ' ⚠' : ''} | ${withInterval(c.purchaseIntent?.difference ?? null, 2)} | ${p(c.purchaseIntent)} | ${verdict(c.purchaseIntent)} | ${withInterval(c.ssrExpectedRating?.difference ?? null, 2)} | ${verdict(c.ssrExpectedRating)} |`,
    );
  }
  lines.push('');
  return lines;
}

export function toMarkdown(session: FeedbackSession, questions: readonly PanelQuestion[] = []): string {
  const lines: string[] = [`# Feedback session ${session.id}`, ''];
  lines.push(`- Status: ${session.status}`, `- Language: ${markdownText(session.language)}`, `- Created: ${session.createdAt}`);
  if (session.completedAt) lines.push(`- Finished: ${session.completedAt}`);
  if (session.seed !== undefined) lines.push(`- Seed: ${session.seed}${session.replayOf ? ` (a replay of ${session.replayOf})` : ''}`);
  lines.push(`- Results: ${session.progress.completed} completed, ${session.progress.failed} failed of ${session.progress.total}`);
  if (session.insights?.simulated) lines.push('- Note: answers came from the offline provider (simulated, not evidence)');
  if (session.usage) lines.push(`- Cost: ${usageText(session.usage)}`);
  if (session.budget) {
    lines.push(`- Budget: $${session.budget.maxCostUsd}`);
    if (session.budget.reached) {
      lines.push(`- The budget of $${session.budget.maxCostUsd} stopped this study: ${session.progress.cancelled} results were cancelled.`);
    }
  }
  lines.push('');

  const insights = session.insights;
  if (!insights) {
    lines.push('No insights yet.', '', ...questionsMarkdown(questions));
    return `${lines.join('\n')}\n`;
  }
  const columns: { name: string; stats: IntentInsights }[] = [
    ...insights.products.map((p) => ({ name: markdownText(p.productName), stats: p })),
    ...(insights.products.length > 1 ? [{ name: 'All products', stats: insights.overall }] : []),
  ];
  const row = (label: string, cell: (stats: IntentInsights) => string) => `| ${label} | ${columns.map((c) => cell(c.stats)).join(' | ')} |`;
  lines.push('## Insights', '', `| | ${columns.map((c) => c.name).join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`);
  lines.push(
    row('Average purchase intent (1–10) [95 % interval]', (s) =>
      s.intervals.averagePurchaseIntent ? withInterval(s.intervals.averagePurchaseIntent, 2) : number(s.averagePurchaseIntent),
    ),
  );
  lines.push(
    row('Likely buyers (intent ≥ 7) [95 % interval]', (s) =>
      s.intervals.likelyBuyerShare ? withInterval(s.intervals.likelyBuyerShare, 1, ' %') : number(s.likelyBuyerPercentage, ' %'),
    ),
  );
  lines.push(row('SSR expected rating (1–5)', (s) => withInterval(s.intervals.ssrExpectedRating, 2)));
  lines.push(row('SSR top-2-box', (s) => withInterval(s.intervals.ssrTopTwoBox, 1, ' %')));
  lines.push(row('SD of intent', (s) => (s.spread?.sd == null ? '–' : fixed(s.spread.sd, 2))));
  lines.push(row('Entropy of intent (bits)', (s) => (s.spread ? fixed(s.spread.entropyBits, 2) : '–')));
  lines.push(
    row('Most common intent (share)', (s) => (s.spread ? `${s.spread.mostCommon} (${fixed(s.spread.mostCommonShare * 100, 1)} %)` : '–')),
  );
  lines.push(row('Completed results', (s) => String(s.completed)));
  lines.push(
    row('Failed results', (s) => String(s.failed)),
    '',
  );
  lines.push(
    'Intervals are 95 % bootstrap intervals of the model’s answers over this panel, not population sampling errors; ⚠ marks fewer than 30 answers.',
    '',
  );

  if (insights.comparisons.length > 0) lines.push(...comparisonLines(insights.comparisons));

  for (const column of columns) {
    lines.push(`### ${column.name}`, '');
    if (column.stats.warnings.length > 0) {
      lines.push('**Warnings**', '');
      for (const warning of column.stats.warnings) lines.push(`- ${warning.code}: ${markdownText(warning.message)}`);
      lines.push('');
    }
    lines.push('**Key themes**', '');
    if (column.stats.keyThemes.length === 0) lines.push('- none');
    for (const theme of column.stats.keyThemes) lines.push(`- ${markdownText(theme.theme)} (${theme.mentions})`);
    lines.push('', '**Purchase intent**', '', '```', histogram(column.stats.intentDistribution), '```', '');
    if (column.stats.ssr) {
      const d = column.stats.ssr.meanDistribution;
      lines.push(
        '**SSR purchase likelihood (mean distribution, 1–5)**',
        '',
        `${d.map((p, i) => `${i + 1}: ${fixed(p * 100, 1)} %`).join(' · ')}`,
        '',
      );
    }
    lines.push('**Segments**', '', ...segmentTable(column.stats.segments), '');
  }
  lines.push(...questionsMarkdown(questions));
  return `${lines.join('\n')}\n`;
}
