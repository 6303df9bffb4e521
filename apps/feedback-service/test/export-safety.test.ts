// Exports of sessions whose user text is hostile: CSV cells cannot run as spreadsheet formulas, and
// the Markdown report cannot grow headings, table rows, links or HTML out of a product name, a
// persona's answer or a theme.
import { text } from 'node:stream/consumers';

import type { FeedbackResult, FeedbackSession } from '@persona-lab/contracts';
import { createActivePersonas, createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { csvStream, markdownText, resultRow, toMarkdown } from '../src/domain/export.js';
import { isThemeRequest } from './fake-answers.js';
import { createProduct, useFeedbackService } from './helper.js';

const HOSTILE_PRODUCT = "+cmd|' /C calc'!A0\n# Injected heading\n| forged | row |";
const HOSTILE_FEEDBACK = '=HYPERLINK("http://evil.example","click")\n# Injected heading <script>alert(1)</script>';
const HOSTILE_CONCERNS = ["@SUM(1+1)*cmd|' /C calc'!A0", '<img src=x onerror=alert(1)>', '[click](javascript:alert(1))'];
const HOSTILE_THEMES = [
  '# Injected heading',
  '-2+3',
  '<script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '<javascript:alert(1)>',
  '1. ordered\n> quote | cell',
];
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks); csv-parse is not a dependency. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      endCell();
    } else if (!quoted && char === '\n') {
      endCell();
      records.push(record);
      record = [];
    } else {
      cell += char;
    }
  }
  if (cell !== '' || record.length > 0) {
    endCell();
    records.push(record);
  }
  return records;
}

/** Pipes that split a GFM table row: not escaped by an odd run of backslashes. */
const cellSeparators = (line: string) => [...line.matchAll(/(?<!\\)(?:\\\\)*\|/g)].length;

function expectSafeMarkdown(markdown: string, productColumns: number) {
  const lines = markdown.split('\n');
  // The only headings are the report's own: the title, "Insights" and one per product column.
  const headings = lines.filter((line) => /^\s{0,3}#/.test(line));
  expect(headings[0]).toMatch(/^# Feedback session [0-9a-z-]+$/);
  expect(headings[1]).toBe('## Insights');
  expect(headings.slice(2).every((line) => line.startsWith('### '))).toBe(true);
  expect(headings).toHaveLength(2 + productColumns);
  expect(markdown).not.toMatch(/<\s*(script|img)/i);
  expect(markdown).not.toMatch(/<javascript:/i);
  expect(markdown).not.toMatch(/(?<!\\)\]\(/); // no [text](url) link or image
  expect(lines.filter((line) => /^\s{0,3}>/.test(line))).toEqual([]);
  // Every row of the insights table has exactly its columns: the label plus one per product column.
  const table = lines.slice(lines.indexOf('## Insights') + 2);
  const insightRows = table.slice(0, table.indexOf(''));
  expect(insightRows.length).toBeGreaterThan(2);
  for (const row of insightRows) expect(cellSeparators(row)).toBe(productColumns + 2);
  // Every other table (segments, comparisons) keeps its header's column count on every row.
  let columns: number | undefined;
  for (const line of lines) {
    if (!line.startsWith('|')) columns = undefined;
    else if (columns === undefined) columns = cellSeparators(line);
    else expect(cellSeparators(line), line).toBe(columns);
  }
  // Theme lines are single list items, never a nested list, ordered list, heading or rule.
  const themes = lines.slice(lines.indexOf('**Key themes**') + 2, lines.indexOf('**Purchase intent**') - 1);
  for (const theme of themes) expect(theme).toMatch(/^- (?![-+*#>=]|\d+[.)])\S/);
}

function sessionWith(overrides: {
  productName: string;
  personaName: string;
  feedback: string;
  concerns: string[];
  failureReason: string;
  themes: string[];
}): FeedbackSession & { results: FeedbackResult[] } {
  const stats = {
    averagePurchaseIntent: 4,
    likelyBuyerPercentage: 0,
    completed: 1,
    failed: 1,
    intentDistribution: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    keyThemes: overrides.themes.map((theme) => ({ theme, mentions: 1 })),
    results: 2,
    intervals: { averagePurchaseIntent: null, likelyBuyerShare: null, ssrExpectedRating: null, ssrTopTwoBox: null },
    ssr: null,
    spread: null,
    segments: [],
    warnings: [],
  };
  const persona = { gender: null, age: null, ageGroup: null, country: null, region: null, incomeLevel: null };
  const productId = '00000000-0000-4000-8000-000000000001';
  return {
    id: '00000000-0000-4000-8000-0000000000aa',
    status: 'COMPLETED',
    language: 'en',
    products: [{ id: productId, name: overrides.productName }],
    progress: { total: 2, completed: 1, failed: 1, pending: 0, cancelled: 0 },
    createdAt: '2026-01-01T00:00:00.000Z',
    completedAt: '2026-01-01T00:01:00.000Z',
    failureReason: null,
    results: [
      {
        id: '00000000-0000-4000-8000-0000000000b1',
        productId,
        personaId: '00000000-0000-4000-8000-0000000000c1',
        personaName: overrides.personaName,
        persona,
        purchaseStatement: null,
        ssr: null,
        status: 'COMPLETED',
        feedback: overrides.feedback,
        purchaseIntent: 4,
        keyConcerns: overrides.concerns,
        failureReason: null,
      },
      {
        id: '00000000-0000-4000-8000-0000000000b2',
        productId,
        personaId: '00000000-0000-4000-8000-0000000000c2',
        personaName: null,
        persona,
        purchaseStatement: null,
        ssr: null,
        status: 'FAILED',
        feedback: null,
        purchaseIntent: null,
        keyConcerns: [],
        failureReason: overrides.failureReason,
      },
    ],
    insights: {
      simulated: false,
      overall: stats,
      products: [{ productId, productName: overrides.productName, ...stats }],
      comparisons: [],
    },
  } as FeedbackSession & { results: FeedbackResult[] };
}

/** The CSV export of a session's results, as the route streams it. */
const toCsv = (session: ReturnType<typeof sessionWith>) => text(csvStream([session.results.map((r) => resultRow(session, r))]));

const HOSTILE_SESSION = sessionWith({
  productName: HOSTILE_PRODUCT,
  personaName: '-2+3',
  feedback: HOSTILE_FEEDBACK,
  concerns: HOSTILE_CONCERNS,
  failureReason: '\tcmd|/C calc',
  themes: HOSTILE_THEMES,
});

describe('markdownText', () => {
  it('collapses every kind of line break so text cannot start a line of its own', () => {
    expect(markdownText('Shoe\n# Injected\r\nheading\u2028x\u2029y\u0085z\t ')).toBe('Shoe \\# Injected heading x y z');
  });

  it('escapes table pipes, emphasis, code and link brackets', () => {
    expect(markdownText('a | b')).toBe('a \\| b');
    expect(markdownText('*bold* _it_ `code` ~~del~~')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\~\\~del\\~\\~');
    expect(markdownText('[click](javascript:alert(1))')).toBe('\\[click\\](javascript:alert(1))');
    expect(markdownText('![img](x) [ref]: javascript:x')).toBe('!\\[img\\](x) \\[ref\\]: javascript:x');
    expect(markdownText('back\\slash')).toBe('back\\\\slash');
  });

  it('writes HTML as entities, including an autolink and an existing entity', () => {
    expect(markdownText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownText('<javascript:alert(1)>')).toBe('&lt;javascript:alert(1)&gt;');
    expect(markdownText('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('escapes what would start a block at the front of a list item', () => {
    expect(markdownText('# h')).toBe('\\# h');
    expect(markdownText('> quote')).toBe('&gt; quote');
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('+ item')).toBe('\\+ item');
    expect(markdownText('===')).toBe('\\===');
    expect(markdownText('12. item')).toBe('12\\. item');
    expect(markdownText('3) item')).toBe('3\\) item');
    expect(markdownText('  -2+3')).toBe('\\-2+3');
  });

  it('leaves ordinary text readable', () => {
    expect(markdownText('Smart water bottle 2.0 (e-bike edition), 39.90 €')).toBe('Smart water bottle 2.0 (e-bike edition), 39.90 €');
  });
});

describe('toMarkdown with hostile user text', () => {
  it('keeps product names and themes inside their heading, cell and list item', () => {
    const markdown = toMarkdown(HOSTILE_SESSION);
    expectSafeMarkdown(markdown, 1);
    expect(markdown).toContain("### \\+cmd\\|' /C calc'!A0 \\# Injected heading \\| forged \\| row \\|\n");
    expect(markdown).toContain('- \\# Injected heading (1)\n- \\-2+3 (1)\n- &lt;script&gt;alert(1)&lt;/script&gt; (1)');
  });
});

/** Product name, persona name, concerns and feedback of the first (completed) row. */
function userCells(csv: string): (string | undefined)[] {
  const [header, completed] = parseCsv(csv);
  return ['product_name', 'persona_name', 'key_concerns', 'feedback'].map((column) => completed![header!.indexOf(column)]);
}

describe('the CSV stream with hostile user text', () => {
  it('prefixes a quote to every user cell that starts a formula, and quotes user cells', async () => {
    const csv = await toCsv(HOSTILE_SESSION);
    const [header, completed, failed] = parseCsv(csv);
    const cell = (record: string[], column: string) => record[header!.indexOf(column)];
    expect(
      Object.fromEntries(
        [
          'session_id',
          'product_id',
          'product_name',
          'persona_id',
          'persona_name',
          'status',
          'purchase_intent',
          'key_concerns',
          'feedback',
          'failure_reason',
        ].map((column) => [column, cell(completed!, column)]),
      ),
    ).toEqual({
      session_id: HOSTILE_SESSION.id,
      product_id: HOSTILE_SESSION.products[0]!.id,
      product_name: `'${HOSTILE_PRODUCT}`,
      persona_id: HOSTILE_SESSION.results[0]!.personaId,
      persona_name: "'-2+3",
      status: 'COMPLETED',
      purchase_intent: '4',
      key_concerns: `'${HOSTILE_CONCERNS.join('; ')}`,
      feedback: `'${HOSTILE_FEEDBACK}`,
      failure_reason: '',
    });
    expect(cell(failed!, 'failure_reason')).toBe("'\tcmd|/C calc");
    for (const record of [completed!, failed!]) for (const cell of record) expect(cell).not.toMatch(FORMULA_START);
    // The raw bytes: each user cell is double-quoted, the number is not.
    expect(csv).toContain(`,"'-2+3",,,,,,,COMPLETED,4,`);
    expect(csv).toContain(`,"'@SUM`);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")');
  });

  it('neutralises full-width formula characters, which some spreadsheets read as ASCII', async () => {
    const session = sessionWith({
      productName: '＝1+1',
      personaName: '＠x',
      feedback: '＋1',
      concerns: ['－1'],
      failureReason: 'ok',
      themes: [],
    });
    expect(userCells(await toCsv(session))).toEqual(["'＝1+1", "'＠x", "'－1", "'＋1"]);
  });

  it('leaves ordinary text as it is', async () => {
    const session = sessionWith({
      productName: 'Trail shoe',
      personaName: 'Ann Lee',
      feedback: 'Fine.',
      concerns: ['Price', 'Weight'],
      failureReason: 'none',
      themes: [],
    });
    expect(userCells(await toCsv(session))).toEqual(['Trail shoe', 'Ann Lee', 'Price; Weight', 'Fine.']);
  });
});

describe('the export route with hostile text from the user and the model', () => {
  const stack = useFeedbackService({ fakeLlm: true });
  let owner: string;
  const app = () => stack.apps[0]!;

  beforeAll(async () => {
    owner = await createUser(app().db);
    stack.llm!.setFallback((request) =>
      isThemeRequest(request)
        ? { content: JSON.stringify(HOSTILE_THEMES.map((theme, i) => ({ theme, mentions: HOSTILE_THEMES.length - i }))) }
        : {
            content: JSON.stringify({
              feedback: HOSTILE_FEEDBACK,
              purchase_intent: 3,
              key_concerns: HOSTILE_CONCERNS,
              purchase_statement: '=HYPERLINK("http://evil.example") I might buy it.',
            }),
          },
    );
  });

  it('exports CSV without formula cells and Markdown without injected structure', async () => {
    const product = await createProduct(app(), owner, { name: HOSTILE_PRODUCT });
    const personas = await createActivePersonas(app().db, owner, 2);
    await app().db.persona.update({ where: { id: personas[0]!.id }, data: { name: '=1+1 <script>alert(1)</script>' } });
    const headers = tokenFor(owner);
    const started = await app().inject({
      method: 'POST',
      url: '/feedback-sessions',
      headers,
      payload: { productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().sessionId as string;
    const session = await waitFor(
      `session ${id} to finish`,
      async () => {
        const body = (await app().inject({ url: `/feedback-sessions/${id}`, headers })).json();
        return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(body.status) ? body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(session.status).toBe('COMPLETED');
    expect(session.insights.products[0].keyThemes.map((t: { theme: string }) => t.theme)).toEqual(HOSTILE_THEMES);
    const exported = (format: string) => app().inject({ url: `/feedback-sessions/${id}/export?format=${format}`, headers });

    const csv = await exported('csv');
    expect(csv.statusCode).toBe(200);
    const [header, ...records] = parseCsv(csv.body);
    const column = (name: string) => header!.indexOf(name);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).toHaveLength(header!.length);
      for (const cell of record) expect(cell).not.toMatch(FORMULA_START);
      expect(record[column('product_name')]).toBe(`'${HOSTILE_PRODUCT}`);
      expect(record[column('key_concerns')]).toBe(`'${HOSTILE_CONCERNS.join('; ')}`);
      expect(record[column('feedback')]).toBe(`'${HOSTILE_FEEDBACK}`);
      expect(record[column('purchase_statement')]).toBe(`'=HYPERLINK("http://evil.example") I might buy it.`);
    }
    expect(records.map((r) => r[column('persona_name')]).sort()).toEqual(["'=1+1 <script>alert(1)</script>", 'Persona 2']);

    const md = await exported('md');
    expect(md.statusCode).toBe(200);
    expectSafeMarkdown(md.body, 1);
    expect(md.body).toContain("### \\+cmd\\|' /C calc'!A0 \\# Injected heading \\| forged \\| row \\|\n");
    expect(md.body).toContain('- &lt;javascript:alert(1)&gt; (2)\n- 1\\. ordered &gt; quote \\| cell (1)');
  });
});
