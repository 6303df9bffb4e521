// A finished session as files: CSV and JSON with one row per result, and a Markdown report that
// puts the insights of each product side by side (export-markdown.ts).
import type { FeedbackSession, PanelQuestion } from '@persona-lab/contracts';
import { type CastingContext, stringify } from 'csv-stringify/sync';

import { answerRows, NO_QUESTION, type QuestionColumns } from './export-questions.js';

export { markdownText, toMarkdown } from './export-markdown.js';

/**
 * One result with the persona fields a researcher cross-tabulates by and its SSR rating, flat; or
 * one answer to a question to the panel (the question columns filled, the result columns empty).
 */
export interface ExportRow extends QuestionColumns {
  sessionId: string;
  productId: string;
  productName: string;
  personaId: string;
  personaName: string | null;
  personaGender: string | null;
  personaAge: number | null;
  personaAgeGroup: string | null;
  personaCountry: string | null;
  personaRegion: string | null;
  personaIncomeLevel: string | null;
  status: string;
  purchaseIntent: number | null;
  purchaseStatement: string | null;
  /** Probabilities of SSR ratings 1..5 (null when unrated). */
  ssrP1: number | null;
  ssrP2: number | null;
  ssrP3: number | null;
  ssrP4: number | null;
  ssrP5: number | null;
  ssrExpectedRating: number | null;
  keyConcerns: string[];
  feedback: string | null;
  failureReason: string | null;
  /** The result's own calls (feedback, embeddings); costUsd is 'unknown' when a price is. */
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | 'unknown' | null;
}

export function exportRows(session: FeedbackSession, questions: readonly PanelQuestion[] = []): ExportRow[] {
  const productNames = new Map(session.products.map((p) => [p.id, p.name]));
  const results = session.results.map((r): ExportRow => {
    const p = (rating: number) => r.ssr?.distribution[rating - 1] ?? null;
    return {
      sessionId: session.id,
      productId: r.productId,
      productName: productNames.get(r.productId) ?? '',
      personaId: r.personaId,
      personaName: r.personaName,
      personaGender: r.persona.gender,
      personaAge: r.persona.age,
      personaAgeGroup: r.persona.ageGroup,
      personaCountry: r.persona.country,
      personaRegion: r.persona.region,
      personaIncomeLevel: r.persona.incomeLevel,
      status: r.status,
      purchaseIntent: r.purchaseIntent,
      purchaseStatement: r.purchaseStatement,
      ssrP1: p(1),
      ssrP2: p(2),
      ssrP3: p(3),
      ssrP4: p(4),
      ssrP5: p(5),
      ssrExpectedRating: r.ssr?.expectedRating ?? null,
      keyConcerns: r.keyConcerns,
      feedback: r.feedback,
      failureReason: r.failureReason,
      inputTokens: r.usage?.inputTokens ?? null,
      outputTokens: r.usage?.outputTokens ?? null,
      costUsd: r.usage ? (r.usage.unknownCostCalls > 0 ? 'unknown' : r.usage.costUsd) : null,
      ...NO_QUESTION,
    };
  });
  const answers = answerRows(session, questions).map((row) => ({ ...row, inputTokens: null, outputTokens: null, costUsd: null }));
  return [...results, ...answers];
}

type CsvRow = Omit<ExportRow, 'keyConcerns'> & { keyConcerns: string };

// Persona names, fields and texts are model output or user text; failure reasons can quote a provider.
const CSV_COLUMNS: { key: keyof CsvRow; header: string; userText: boolean }[] = [
  { key: 'sessionId', header: 'session_id', userText: false },
  { key: 'productId', header: 'product_id', userText: false },
  { key: 'productName', header: 'product_name', userText: true },
  { key: 'personaId', header: 'persona_id', userText: false },
  { key: 'personaName', header: 'persona_name', userText: true },
  { key: 'personaGender', header: 'persona_gender', userText: true },
  { key: 'personaAge', header: 'persona_age', userText: false },
  { key: 'personaAgeGroup', header: 'persona_age_group', userText: true },
  { key: 'personaCountry', header: 'persona_country', userText: true },
  { key: 'personaRegion', header: 'persona_region', userText: true },
  { key: 'personaIncomeLevel', header: 'persona_income_level', userText: true },
  { key: 'status', header: 'status', userText: false },
  { key: 'purchaseIntent', header: 'purchase_intent', userText: false },
  { key: 'purchaseStatement', header: 'purchase_statement', userText: true },
  { key: 'ssrP1', header: 'ssr_p1', userText: false },
  { key: 'ssrP2', header: 'ssr_p2', userText: false },
  { key: 'ssrP3', header: 'ssr_p3', userText: false },
  { key: 'ssrP4', header: 'ssr_p4', userText: false },
  { key: 'ssrP5', header: 'ssr_p5', userText: false },
  { key: 'ssrExpectedRating', header: 'ssr_expected_rating', userText: false },
  { key: 'keyConcerns', header: 'key_concerns', userText: true },
  { key: 'feedback', header: 'feedback', userText: true },
  { key: 'failureReason', header: 'failure_reason', userText: true },
  // Answers to questions to the panel, at the end so the result columns keep their places.
  { key: 'questionId', header: 'question_id', userText: false },
  { key: 'question', header: 'question', userText: true },
  { key: 'answerScaleValue', header: 'answer_scale_value', userText: false },
  { key: 'answerChoice', header: 'answer_choice', userText: true },
  { key: 'answer', header: 'answer', userText: true },
  { key: 'inputTokens', header: 'input_tokens', userText: false },
  { key: 'outputTokens', header: 'output_tokens', userText: false },
  { key: 'costUsd', header: 'cost_usd', userText: false },
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

export function toCsv(session: FeedbackSession, questions: readonly PanelQuestion[] = []): string {
  const rows: CsvRow[] = exportRows(session, questions).map((row) => ({ ...row, keyConcerns: row.keyConcerns.join('; ') }));
  return stringify(rows, {
    header: true,
    columns: CSV_COLUMNS.map(({ key, header }) => ({ key, header })),
    escape_formulas: true,
    cast: { string: quoteUserText },
  });
}
