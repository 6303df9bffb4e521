// Research-grade insights through the real routes: the feedback-service, the ai-gateway as a child
// process and the fake LLM provider, whose embeddings are chosen so that every SSR figure can be
// computed by hand. Each anchor statement of rating r embeds as the unit vector e_r, and a purchase
// statement "rating=K" as e_K: its cosine is 1 with the anchors of rating K and 0 with the others, so
// γ = 1 there and .5 elsewhere, and the SSR distribution is one-hot at K (expected rating K).
import { AI_GATEWAY_ROUTES } from '@persona-lab/contracts';
import { createUser, type RecordedRequest, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { readInsightsPanel } from '../src/domain/completion.js';
import { seedOf, sessionStats } from '../src/domain/insights.js';
import { loadAnchorSets } from '../src/domain/ssr-anchors.js';
import { scriptedAnswer } from './fake-answers.js';
import { createProduct, sessionResults, useFeedbackService } from './helper.js';

const stack = useFeedbackService({ fakeLlm: true });
const app = () => stack.apps[0]!;
let owner: string;

const RATING_OF_ANCHOR = new Map(loadAnchorSets().flatMap((set) => set.statements.map((statement, r) => [statement, r + 1] as const)));
const unit = (k: number) => [1, 2, 3, 4, 5].map((i) => (i === k ? 1 : 0));

function embeddingOf(text: string): number[] {
  const anchor = RATING_OF_ANCHOR.get(text);
  if (anchor) return unit(anchor);
  const rating = /rating=(\d)/.exec(text);
  if (rating) return unit(Number(rating[1]));
  throw new Error(`unexpected text to embed: ${text}`);
}
const inputs = (request: RecordedRequest) => [request.body?.input ?? []].flat().map(String);

beforeAll(async () => {
  owner = await createUser(app().db);
  stack.llm!.setFallback(scriptedAnswer);
  stack.llm!.setEmbeddingsFallback((request) => ({ embeddings: inputs(request).map(embeddingOf) }));
});

// Four personas, each with its direct intent, its SSR rating and its segment fields.
const PANEL = [
  { bio: 'intent=8 rating=5', gender: 'FEMALE', ageGroup: '25-34', country: 'US', incomeLevel: 'high', age: 30 },
  { bio: 'intent=6 rating=4', gender: 'MALE', ageGroup: '35-44', country: 'US', incomeLevel: 'middle', age: 40 },
  { bio: 'intent=3 rating=2', gender: 'FEMALE', ageGroup: '25-34', country: 'DE', incomeLevel: 'middle', age: 28 },
  { bio: 'intent=7 rating=4', gender: 'MALE', ageGroup: '35-44', country: 'DE', incomeLevel: 'low', age: 41 },
];

async function panel() {
  return Promise.all(
    PANEL.map(({ bio, ...fields }, i) =>
      app().db.persona.create({
        data: { ownerId: owner, status: 'ACTIVE', name: `Panel ${i + 1}`, detailedBio: bio, productAttitudes: 'Careful buyer.', ...fields },
      }),
    ),
  );
}

async function runSession(productIds: string[], personaIds: string[], timeoutMs = 30_000) {
  const started = await app().inject({
    method: 'POST',
    url: '/feedback-sessions',
    headers: tokenFor(owner),
    payload: { productIds, personaIds, language: 'en' },
  });
  expect(started.statusCode).toBe(202);
  return waitFor(
    'the session to finish',
    async () => {
      const session = (await app().inject({ url: `/feedback-sessions/${started.json().sessionId}`, headers: tokenFor(owner) })).json();
      return ['COMPLETED', 'FAILED'].includes(session.status) ? session : undefined;
    },
    { timeoutMs },
  );
}

describe('insights of a finished session', () => {
  let session: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    const a = await createProduct(app(), owner, { name: 'Shoe A' });
    // The scripted answers take 2 off every intent for this product: 6, 4, 1, 5.
    const b = await createProduct(app(), owner, { name: 'Shoe B', description: 'The same shoe, heavier. bonus=-2' });
    const personas = await panel();
    session = await runSession(
      [a.id, b.id],
      personas.map((p) => p.id),
    );
  });

  it('stores each answer’s purchase statement and its SSR rating, shown with the persona fields', async () => {
    expect(session.status).toBe('COMPLETED');
    const first = (await sessionResults(app(), owner, session.id)).find(
      (r) => r.personaName === 'Panel 1' && r.productId === session.products[0].id,
    );
    expect(first).toMatchObject({
      purchaseIntent: 8,
      purchaseStatement: 'rating=5',
      ssr: { distribution: [0, 0, 0, 0, 1], expectedRating: 5 },
      persona: { gender: 'FEMALE', age: 30, ageGroup: '25-34', country: 'US', region: null, incomeLevel: 'high' },
    });
  });

  it('reports direct intent and SSR per product, as computed by hand', () => {
    const [a, b] = session.insights.products;
    // Shoe A: intents 8, 6, 3, 7 → mean 6, likely buyers (≥ 7) 2 of 4 = 50 %.
    // SSR one-hot at 5, 4, 2, 4 → mean distribution [0, .25, 0, .5, .25], expected 2·.25 + 4·.5 + 5·.25 = 3.75, top-2-box 75 %.
    expect(a).toMatchObject({ productName: 'Shoe A', completed: 4, averagePurchaseIntent: 6, likelyBuyerPercentage: 50 });
    expect(a.ssr).toEqual({ n: 4, meanDistribution: [0, 0.25, 0, 0.5, 0.25], expectedRating: 3.75, topTwoBox: 75 });
    // Deviations from 6: 2, 0, −3, 1 → SD √(14/3) = 2.1602; four different answers → entropy 2 bits.
    expect(a.spread).toEqual({ sd: 2.1602, entropyBits: 2, mostCommon: 3, mostCommonShare: 0.25, collapsed: false });
    expect(a.intervals.averagePurchaseIntent).toMatchObject({ estimate: 6, n: 4, resamples: 2000, smallSample: true });
    expect(a.intervals.ssrExpectedRating).toMatchObject({ estimate: 3.75, n: 4 });
    expect(a.intervals.ssrTopTwoBox).toMatchObject({ estimate: 75 });
    expect(a.warnings.map((w: { code: string }) => w.code)).toEqual(['SMALL_SAMPLE']);
    // Shoe B: intents 6, 4, 1, 5 → mean 4, no likely buyer; the statements, and so SSR, are the same.
    expect(b).toMatchObject({ productName: 'Shoe B', averagePurchaseIntent: 4, likelyBuyerPercentage: 0 });
    expect(b.ssr.expectedRating).toBe(3.75);
  });

  it('breaks the answers down by segment', () => {
    const overall = session.insights.overall;
    const gender = overall.segments.filter((s: { dimension: string }) => s.dimension === 'gender');
    // FEMALE over both products: intents 8, 3, 6, 1 → 4.5, likely 1 of 4 = 25 %, SSR 5, 2, 5, 2 → 3.5.
    // MALE: 6, 7, 4, 5 → 5.5, likely 1 of 4 = 25 %, SSR 4, 4, 4, 4 → 4.
    expect(gender).toMatchObject([
      { value: 'FEMALE', n: 4, averagePurchaseIntent: 4.5, likelyBuyerPercentage: 25, ssrExpectedRating: 3.5, smallSample: true },
      { value: 'MALE', n: 4, averagePurchaseIntent: 5.5, likelyBuyerPercentage: 25, ssrExpectedRating: 4, smallSample: true },
    ]);
    // MALE's SSR ratings are all 4: every resample's mean is 4.
    expect(gender[1].intervals.ssrExpectedRating).toMatchObject({ estimate: 4, lower: 4, upper: 4 });
    const countries = overall.segments.filter((s: { dimension: string }) => s.dimension === 'country');
    expect(countries.map((s: { value: string; n: number }) => [s.value, s.n])).toEqual([
      ['DE', 4],
      ['US', 4],
    ]);
    const income = session.insights.products[0].segments.filter((s: { dimension: string }) => s.dimension === 'incomeLevel');
    expect(income.map((s: { value: string; averagePurchaseIntent: number }) => [s.value, s.averagePurchaseIntent])).toEqual([
      ['high', 8],
      ['low', 7],
      ['middle', 4.5],
    ]);
  });

  it('compares the two products persona by persona', () => {
    const [comparison] = session.insights.comparisons;
    // Every persona rates A exactly 2 above B: the difference is 2 in every resample, but the rank
    // test cannot tell on four personas (below), so there is no clear difference.
    // Wilcoxon: 4 tied differences (ranks 2.5), W+ = 10, μ = 5, σ² = 4·5·9/24 − (4³ − 4)/48 = 6.25,
    // z = (10 − 5 − .5)/2.5 = 1.8, p = 2(1 − Φ(1.8)) = .071861.
    expect(comparison).toMatchObject({ productA: { name: 'Shoe A' }, productB: { name: 'Shoe B' }, pairs: 4, smallSample: true });
    expect(comparison.purchaseIntent.difference).toMatchObject({ estimate: 2, lower: 2, upper: 2 });
    expect(comparison.purchaseIntent.test).toMatchObject({ n: 4, statistic: 0, z: 1.8, method: 'normal' });
    expect(comparison.purchaseIntent.test.pValue).toBeCloseTo(0.071861, 5);
    expect(comparison.purchaseIntent.verdict).toBe('no clear difference');
    // The same statements for both: no difference in SSR.
    expect(comparison.ssrExpectedRating).toMatchObject({ difference: { estimate: 0, lower: 0, upper: 0 }, verdict: 'no clear difference' });
  });

  it('reads the results page by page into the same panel as in one page, and the stored figures are its figures', async () => {
    const products = session.products.map(({ id, name }: { id: string; name: string }) => ({ id, name }));
    // 4 personas' 8 results in pages of 3 personas: the last page is short.
    const paged = await readInsightsPanel(app().pg, session.id, products, 3);
    const whole = await readInsightsPanel(app().pg, session.id, products, 100);
    expect(paged.personas).toHaveLength(4);
    expect(paged).toEqual(whole);
    // Each read's connection went back to the pool with its transaction ended, a failed read's too.
    await expect(readInsightsPanel(app().pg, 'not-a-uuid', products, 3)).rejects.toThrow();
    // The session's consumers may still be finishing a task on the shared pool (a result's refill or
    // completion check after its store); a connection a read kept would never come back.
    await waitFor('every connection back in the pool', () => app().pg.idleCount === app().pg.totalCount, { timeoutMs: 5_000 });
    const { rows } = await app().pg.query<{ inTransaction: boolean }>('SELECT now() <> statement_timestamp() AS "inTransaction"');
    expect(rows[0]!.inTransaction).toBe(false);
    const { overall, products: perProduct, comparisons } = await sessionStats(paged, session.seed ?? seedOf(session.id));
    expect(session.insights.comparisons).toEqual(comparisons);
    expect(session.insights.overall).toEqual({ ...overall, keyThemes: session.insights.overall.keyThemes });
    expect(session.insights.products[1]).toMatchObject(perProduct[1]!);
  });

  it('exports the persona fields and SSR probabilities in CSV and JSON', async () => {
    const csv = await app().inject({ url: `/feedback-sessions/${session.id}/export?format=csv`, headers: tokenFor(owner) });
    const [header, ...rows] = csv.body.trim().split('\n');
    expect(header).toBe(
      'session_id,product_id,product_name,persona_id,persona_name,persona_gender,persona_age,persona_age_group,persona_country,persona_region,persona_income_level,status,purchase_intent,purchase_statement,ssr_p1,ssr_p2,ssr_p3,ssr_p4,ssr_p5,ssr_expected_rating,key_concerns,feedback,failure_reason,question_id,question,answer_scale_value,answer_choice,answer,input_tokens,output_tokens,cost_usd',
    );
    expect(rows).toHaveLength(8);
    expect(rows.some((row) => row.includes('"Panel 3","FEMALE",28,"25-34","DE",,"middle",COMPLETED,3,"rating=2",0,1,0,0,0,2,'))).toBe(true);
    const json = (await app().inject({ url: `/feedback-sessions/${session.id}/export?format=json`, headers: tokenFor(owner) })).json();
    expect(json.rows[0]).toMatchObject({
      personaGender: expect.any(String),
      ssrExpectedRating: expect.any(Number),
      ssrP5: expect.any(Number),
    });
    expect(json.session.insights.comparisons).toHaveLength(1);
  });

  it('shows intervals, comparisons, warnings and segments in the Markdown report', async () => {
    const md = (await app().inject({ url: `/feedback-sessions/${session.id}/export?format=md`, headers: tokenFor(owner) })).body;
    expect(md).toContain('| SSR expected rating (1–5) | 3.75 [');
    expect(md).toContain('## Paired comparisons');
    expect(md).toContain(
      '| Shoe A | Shoe B | 4 ⚠ | 2.00 [2.00, 2.00] ⚠ | 0.0719 | no clear difference | 0.00 [0.00, 0.00] ⚠ | no clear difference |',
    );
    expect(md).toContain('- SMALL_SAMPLE: Only 4 completed answers');
    expect(md).toContain('| Gender: FEMALE | 2 |');
  });
});

/** Requests the gateway (a child process) has answered on `route`, by its own metrics. */
async function gatewayRequests(route: string): Promise<number> {
  const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count{') && line.includes(`route="${route}"`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const resultCalls = (sessionId: string) =>
  app().db.modelCall.findMany({ where: { sessionId }, select: { resultId: true, kind: true, inputTokens: true } });

describe('the statement’s embedding', () => {
  it('comes with the feedback: one gateway exchange per result, the statement embedded once and its call stored', async () => {
    const product = await createProduct(app(), owner, { name: 'One exchange' });
    const personas = await panel();
    const embedsBefore = await gatewayRequests(AI_GATEWAY_ROUTES.embed);
    const feedbackBefore = await gatewayRequests(AI_GATEWAY_ROUTES.generateFeedback);
    const providerEmbedsBefore = stack.llm!.requests.filter((r) => r.path.endsWith('/embeddings')).length;

    const session = await runSession(
      [product.id],
      personas.map((p) => p.id),
    );
    expect(session.status).toBe('COMPLETED');
    const results = await sessionResults(app(), owner, session.id);
    expect(results.map((r) => r.ssr?.expectedRating).sort()).toEqual([2, 4, 4, 5]);

    expect(await gatewayRequests(AI_GATEWAY_ROUTES.generateFeedback)).toBe(feedbackBefore + 4);
    // No separate embed request for a statement: at most the anchors' (once per process, here by an earlier session).
    expect(await gatewayRequests(AI_GATEWAY_ROUTES.embed)).toBeLessThanOrEqual(embedsBefore + 1);
    const statementsEmbedded = stack
      .llm!.requests.filter((r) => r.path.endsWith('/embeddings'))
      .slice(providerEmbedsBefore)
      .map(inputs);
    // Each statement once; statements whose answers reached the gateway together share a request.
    expect(statementsEmbedded.flat().sort()).toEqual(['rating=2', 'rating=4', 'rating=4', 'rating=5']);
    // Each result pays for its feedback and its statement's embedding, as two separate calls did.
    const calls = await resultCalls(session.id);
    for (const result of results) {
      expect(
        calls
          .filter((c) => c.resultId === result.id)
          .map((c) => c.kind)
          .sort(),
      ).toEqual(['EMBEDDING', 'FEEDBACK']);
    }
    expect(calls.filter((c) => c.kind === 'EMBEDDING').every((c) => c.inputTokens > 0)).toBe(true);
  });
});

describe('an answer whose statement cannot be rated', () => {
  it('is kept unrated and the insights say how many answers SSR leaves out', async () => {
    stack.llm!.setEmbeddingsFallback((request) =>
      inputs(request).some((text) => !RATING_OF_ANCHOR.has(text))
        ? { status: 400, body: JSON.stringify({ error: { message: 'input refused' } }) }
        : { embeddings: inputs(request).map(embeddingOf) },
    );
    try {
      const product = await createProduct(app(), owner, { name: 'Unrated' });
      const [persona] = await panel();
      const session = await runSession([product.id], [persona!.id]);
      expect(session.status).toBe('COMPLETED');
      expect((await sessionResults(app(), owner, session.id))[0]).toMatchObject({
        status: 'COMPLETED',
        purchaseIntent: 8,
        purchaseStatement: 'rating=5',
        ssr: null,
      });
      const insights = session.insights.overall;
      expect(insights.ssr).toBeNull();
      expect(insights.intervals.ssrExpectedRating).toBeNull();
      // One answer also holds all of the answers: a collapsed spread, literally.
      expect(insights.warnings.map((w: { code: string }) => w.code)).toEqual(['SMALL_SAMPLE', 'COLLAPSED_SPREAD', 'NO_SSR']);
      expect(insights.warnings[2].message).toContain('1 of 1 completed answers have no SSR rating');
      // The feedback is paid for; the failed embedding stores no call.
      const calls = await resultCalls(session.id);
      expect(calls.filter((c) => c.resultId !== null).map((c) => c.kind)).toEqual(['FEEDBACK']);
    } finally {
      stack.llm!.setEmbeddingsFallback((request) => ({ embeddings: inputs(request).map(embeddingOf) }));
    }
  });
});

describe('insights of a 2,000-result session', () => {
  it('are the figures of its panel computed on one thread, its intervals shared with a helper thread started ahead', async () => {
    const products = await Promise.all(
      Array.from({ length: 10 }, (_, k) => createProduct(app(), owner, { name: `Shoe ${k}`, description: `Model ${k}. bonus=${k % 3}` })),
    );
    const personas = await app().db.persona.createManyAndReturn({
      data: Array.from({ length: 200 }, (_, i) => ({
        ownerId: owner,
        status: 'ACTIVE' as const,
        name: `Large ${i}`,
        detailedBio: `intent=${1 + (i % 7)} rating=${1 + (i % 5)}`,
        productAttitudes: 'Careful buyer.',
        gender: i % 2 ? 'MALE' : 'FEMALE',
        country: i % 3 ? 'US' : 'DE',
      })),
      select: { id: true },
    });
    const session = await runSession(
      products.map((product) => product.id),
      personas.map((persona) => persona.id),
      120_000,
    );
    expect(session).toMatchObject({ status: 'COMPLETED', progress: { total: 2000, completed: 2000 } });
    const panel = await readInsightsPanel(app().pg, session.id, session.products);
    const alone = await sessionStats(panel, session.seed ?? seedOf(session.id));
    expect(session.insights.comparisons).toEqual(alone.comparisons);
    expect(session.insights.overall).toEqual({ ...alone.overall, keyThemes: session.insights.overall.keyThemes });
    alone.products.forEach((figures, k) =>
      expect(session.insights.products[k]).toEqual({
        ...figures,
        keyThemes: session.insights.products[k].keyThemes,
        productId: products[k]!.id,
        productName: `Shoe ${k}`,
      }),
    );
  });
});
