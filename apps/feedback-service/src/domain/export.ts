// A finished session as files: CSV and JSON with one row per result, and a Markdown report that
// puts the insights of each product side by side (export-markdown.ts).
import type { FeedbackSession } from '@persona-lab/contracts';
import { type CastingContext, stringify } from 'csv-stringify/sync';

export { markdownText, toMarkdown } from './export-markdown.js';

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

type CsvRow = Omit<ExportRow, 'keyConcerns'> & { keyConcerns: string };

const CSV_COLUMNS: { key: keyof CsvRow; header: string; userText: boolean }[] = [
  { key: 'sessionId', header: 'session_id', userText: false },
  { key: 'productId', header: 'product_id', userText: false },
  { key: 'productName', header: 'product_name', userText: true },
  { key: 'personaId', header: 'persona_id', userText: false },
  // Persona names and texts are model output shaped by user text; failure reasons can quote a provider.
  { key: 'personaName', header: 'persona_name', userText: true },
  { key: 'status', header: 'status', userText: false },
  { key: 'purchaseIntent', header: 'purchase_intent', userText: false },
  { key: 'keyConcerns', header: 'key_concerns', userText: true },
  { key: 'feedback', header: 'feedback', userText: true },
  { key: 'failureReason', header: 'failure_reason', userText: true },
];
const USER_TEXT_COLUMNS = new Set<string>(CSV_COLUMNS.filter((c) => c.userText).map((c) => c.key));

// OWASP's CSV injection advice is to prefix a cell starting with = + - @ tab or CR by a single quote
// and to double-quote the cell. csv-stringify's escape_formulas does the first (also for the
// full-width = + - @ that some spreadsheets normalise), on string fields only, so the numeric
// purchase_intent stays a number. The cast quotes every user-text cell whatever it contains; ids,
// statuses and the header (never user text) stay as before.
function quoteUserText(value: string, context: CastingContext) {
  return !context.header && USER_TEXT_COLUMNS.has(String(context.column)) ? { value, quoted: true } : value;
}

export function toCsv(session: FeedbackSession): string {
  const rows: CsvRow[] = exportRows(session).map((row) => ({ ...row, keyConcerns: row.keyConcerns.join('; ') }));
  return stringify(rows, {
    header: true,
    columns: CSV_COLUMNS.map(({ key, header }) => ({ key, header })),
    escape_formulas: true,
    cast: { string: quoteUserText },
  });
}
