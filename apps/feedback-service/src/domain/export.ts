// A finished session as files: CSV and JSON with one row per result and per answer to a question
// to the panel, read from the database a page at a time and written as a stream, so the service
// never holds a session's rows; and a Markdown report of the insights (export-markdown.ts).
import { pipeline, Readable } from 'node:stream';

import { type FeedbackResult, type FeedbackSession, NO_USAGE, type PanelQuestion, type PersonaProfile } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';
import { modelCallTotalsByResult } from '@persona-lab/service-kit';
import { type CastingContext, stringify } from 'csv-stringify';

import { answerRows, NO_QUESTION, type QuestionColumns } from './export-questions.js';
import { sessionQuestions } from './questions.js';
import { resultPersonaFields, toResult } from './session-view.js';

export { markdownText, toMarkdown } from './export-markdown.js';

/** Result rows read from the database at a time. */
export const EXPORT_PAGE_SIZE = 1_000;

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

/** One result as an export row. */
export function resultRow(session: FeedbackSession, r: FeedbackResult): ExportRow {
  const p = (rating: number) => r.ssr?.distribution[rating - 1] ?? null;
  return {
    sessionId: session.id,
    productId: r.productId,
    productName: session.products.find((product) => product.id === r.productId)?.name ?? '',
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
}

/**
 * The session's results in pages of pageSize, each with its usage, in order of product and persona:
 * a keyset on the unique (session, product, persona) index, so each page is one index range and
 * no page is read twice or skipped.
 */
async function* resultPages(db: PrismaClient, sessionId: string, pageSize: number): AsyncGenerator<FeedbackResult[]> {
  let after: { productId: string; personaId: string } | undefined;
  for (;;) {
    const rows = await db.feedbackResult.findMany({
      where: {
        sessionId,
        ...(after
          ? { OR: [{ productId: { gt: after.productId } }, { productId: after.productId, personaId: { gt: after.personaId } }] }
          : {}),
      },
      include: { persona: { select: resultPersonaFields } },
      orderBy: [{ productId: 'asc' }, { personaId: 'asc' }],
      take: pageSize,
    });
    if (rows.length === 0) return;
    const usage = await modelCallTotalsByResult(
      db,
      sessionId,
      rows.map((row) => row.id),
    );
    yield rows.map((row) => toResult(row, usage.get(row.id) ?? NO_USAGE));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { productId: last.productId, personaId: last.personaId };
  }
}

/** The answer rows of one question, with the persona fields of the personas who answered. */
async function questionRows(db: PrismaClient, session: FeedbackSession, question: PanelQuestion): Promise<ExportRow[]> {
  const personas = await db.persona.findMany({
    where: { id: { in: [...new Set(question.answers.map((a) => a.personaId))] } },
    select: { id: true, ...resultPersonaFields },
  });
  const profiles = new Map<string, PersonaProfile>(personas.map(({ id, name: _name, ...profile }) => [id, profile]));
  return answerRows(session, question, profiles).map((row) => ({ ...row, inputTokens: null, outputTokens: null, costUsd: null }));
}

/** Every export row of the session a page at a time: the results, then the answers of each question. */
export async function* exportRowPages(
  db: PrismaClient,
  session: FeedbackSession,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<ExportRow[]> {
  for await (const page of resultPages(db, session.id, pageSize)) yield page.map((result) => resultRow(session, result));
  for await (const question of sessionQuestions(db, session.id)) yield await questionRows(db, session, question);
}

/**
 * The JSON export, `{ session, rows, questions }`, as chunks of text: one chunk per page of rows and
 * per question, so the document is never whole in memory. Byte for byte what JSON.stringify of the
 * whole document gives.
 */
export async function* jsonExport(db: PrismaClient, session: FeedbackSession, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<string> {
  yield `{"session":${JSON.stringify(session)},"rows":[`;
  let separator = '';
  for await (const page of exportRowPages(db, session, pageSize)) {
    if (page.length === 0) continue;
    yield separator + page.map((row) => JSON.stringify(row)).join(',');
    separator = ',';
  }
  yield '],"questions":[';
  separator = '';
  for await (const question of sessionQuestions(db, session.id)) {
    yield separator + JSON.stringify(question);
    separator = ',';
  }
  yield ']}';
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

/**
 * The rows as a CSV stream (csv-stringify's streaming API). A failure while reading destroys the
 * returned stream with the error, which ends the response and reaches the server's log there.
 */
export function csvStream(rows: AsyncIterable<ExportRow[]> | Iterable<ExportRow[]>): Readable {
  async function* records() {
    for await (const page of rows) for (const row of page) yield { ...row, keyConcerns: row.keyConcerns.join('; ') } satisfies CsvRow;
  }
  const csv = stringify({
    header: true,
    columns: CSV_COLUMNS.map(({ key, header }) => ({ key, header })),
    escape_formulas: true,
    cast: { string: quoteUserText },
  });
  // pipeline destroys both streams on an error; the reply sees it on `csv`, so nothing is lost here.
  return pipeline(Readable.from(records()), csv, () => {});
}
