// A finished session as files: CSV and JSON with one row per result, and a Markdown report that
// puts the insights of each product side by side.
import type { FeedbackSession, IntentInsights } from '@persona-lab/contracts';
import { stringify } from 'csv-stringify/sync';

export interface ExportRow {
  sessionId: string;
  productId: string;
  productName: string;
  personaId: string;
  personaName: string | null;
  status: string;
  purchaseIntent: number | null;
  keyConcerns: string[];
  feedback: string | null;
  failureReason: string | null;
}

export function exportRows(session: FeedbackSession): ExportRow[] {
  const productNames = new Map(session.products.map((p) => [p.id, p.name]));
  return session.results.map((r) => ({
    sessionId: session.id,
    productId: r.productId,
    productName: productNames.get(r.productId) ?? '',
    personaId: r.personaId,
    personaName: r.personaName,
    status: r.status,
    purchaseIntent: r.purchaseIntent,
    keyConcerns: r.keyConcerns,
    feedback: r.feedback,
    failureReason: r.failureReason,
  }));
}

export function toCsv(session: FeedbackSession): string {
  const rows = exportRows(session).map((row) => ({ ...row, keyConcerns: row.keyConcerns.join('; ') }));
  return stringify(rows, {
    header: true,
    columns: [
      { key: 'sessionId', header: 'session_id' },
      { key: 'productId', header: 'product_id' },
      { key: 'productName', header: 'product_name' },
      { key: 'personaId', header: 'persona_id' },
      { key: 'personaName', header: 'persona_name' },
      { key: 'status', header: 'status' },
      { key: 'purchaseIntent', header: 'purchase_intent' },
      { key: 'keyConcerns', header: 'key_concerns' },
      { key: 'feedback', header: 'feedback' },
      { key: 'failureReason', header: 'failure_reason' },
    ],
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const number = (value: number | null, suffix = '') => (value === null ? '–' : `${value}${suffix}`);

function histogram(distribution: number[]): string {
  const most = Math.max(1, ...distribution);
  return distribution
    .map((count, i) => `${String(i + 1).padStart(2)} | ${'█'.repeat(Math.round((count / most) * 20))} ${count}`)
    .join('\n');
}

export function toMarkdown(session: FeedbackSession): string {
  const lines: string[] = [`# Feedback session ${session.id}`, ''];
  lines.push(`- Status: ${session.status}`, `- Language: ${session.language}`, `- Created: ${session.createdAt}`);
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
    ...insights.products.map((p) => ({ name: p.productName, stats: p })),
    ...(insights.products.length > 1 ? [{ name: 'All products', stats: insights.overall }] : []),
  ];
  lines.push('## Insights', '', `| | ${columns.map((c) => cell(c.name)).join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`);
  lines.push(`| Average purchase intent (1–10) | ${columns.map((c) => number(c.stats.averagePurchaseIntent)).join(' | ')} |`);
  lines.push(`| Likely buyers (intent ≥ 7) | ${columns.map((c) => number(c.stats.likelyBuyerPercentage, ' %')).join(' | ')} |`);
  lines.push(`| Completed results | ${columns.map((c) => c.stats.completed).join(' | ')} |`);
  lines.push(`| Failed results | ${columns.map((c) => c.stats.failed).join(' | ')} |`, '');

  for (const column of columns) {
    lines.push(`### ${column.name}`, '', '**Key themes**', '');
    if (column.stats.keyThemes.length === 0) lines.push('- none');
    for (const theme of column.stats.keyThemes) lines.push(`- ${theme.theme} (${theme.mentions})`);
    lines.push('', '**Purchase intent**', '', '```', histogram(column.stats.intentDistribution), '```', '');
  }
  return `${lines.join('\n')}\n`;
}
