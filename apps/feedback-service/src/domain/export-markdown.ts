// The Markdown report of a finished session. Product names and theme labels are user text (or model
// text derived from it), so each goes through markdownText before it lands in a heading, a table
// cell or a list item: it can neither start a block of its own nor form a link, an image or HTML.
import type { FeedbackSession, IntentInsights } from '@persona-lab/contracts';

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

function histogram(distribution: number[]): string {
  const most = Math.max(1, ...distribution);
  return distribution
    .map((count, i) => `${String(i + 1).padStart(2)} | ${'█'.repeat(Math.round((count / most) * 20))} ${count}`)
    .join('\n');
}

export function toMarkdown(session: FeedbackSession): string {
  const lines: string[] = [`# Feedback session ${session.id}`, ''];
  lines.push(`- Status: ${session.status}`, `- Language: ${markdownText(session.language)}`, `- Created: ${session.createdAt}`);
  if (session.completedAt) lines.push(`- Finished: ${session.completedAt}`);
  lines.push(`- Results: ${session.progress.completed} completed, ${session.progress.failed} failed of ${session.progress.total}`);
  if (session.insights?.simulated) lines.push('- Note: answers came from the offline provider (simulated)');
  lines.push('');

  const insights = session.insights;
  if (!insights) {
    lines.push('No insights yet.');
    return `${lines.join('\n')}\n`;
  }
  const columns: { name: string; stats: IntentInsights }[] = [
    ...insights.products.map((p) => ({ name: markdownText(p.productName), stats: p })),
    ...(insights.products.length > 1 ? [{ name: 'All products', stats: insights.overall }] : []),
  ];
  lines.push('## Insights', '', `| | ${columns.map((c) => c.name).join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`);
  lines.push(`| Average purchase intent (1–10) | ${columns.map((c) => number(c.stats.averagePurchaseIntent)).join(' | ')} |`);
  lines.push(`| Likely buyers (intent ≥ 7) | ${columns.map((c) => number(c.stats.likelyBuyerPercentage, ' %')).join(' | ')} |`);
  lines.push(`| Completed results | ${columns.map((c) => c.stats.completed).join(' | ')} |`);
  lines.push(`| Failed results | ${columns.map((c) => c.stats.failed).join(' | ')} |`, '');

  for (const column of columns) {
    lines.push(`### ${column.name}`, '', '**Key themes**', '');
    if (column.stats.keyThemes.length === 0) lines.push('- none');
    for (const theme of column.stats.keyThemes) lines.push(`- ${markdownText(theme.theme)} (${theme.mentions})`);
    lines.push('', '**Purchase intent**', '', '```', histogram(column.stats.intentDistribution), '```', '');
  }
  return `${lines.join('\n')}\n`;
}
