// Cost of model calls through the real routes and queues: the fake provider reports fixed token
// counts per kind of call, the gateway prices them from AI_MODEL_PRICES, and every figure below is
// computed by hand from those counts and prices.
import { createActivePersonas, createUser, type RecordedRequest, tokenFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { isThemeRequest, scriptedAnswer } from './fake-answers.js';
import { createProduct, finishedSession, sessionResults, useFeedbackService } from './helper.js';

const PRICES = {
  'gpt-4o-mini': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  'text-embedding-3-small': { inputPerMillionUsd: 0.02, outputPerMillionUsd: 0 },
};
/** Tokens the fake reports per call: [input, output]. */
const TOKENS = { persona: [800, 400], feedback: [1000, 200], themes: [500, 100], embedding: [10, 0] } as const;
const usd = ([input, output]: readonly [number, number], price: { inputPerMillionUsd: number; outputPerMillionUsd: number }) =>
  (input * price.inputPerMillionUsd + output * price.outputPerMillionUsd) / 1_000_000;
const COST = {
  persona: usd(TOKENS.persona, PRICES['gpt-4o-mini']), // 0.00036
  feedback: usd(TOKENS.feedback, PRICES['gpt-4o-mini']), // 0.00027
  themes: usd(TOKENS.themes, PRICES['gpt-4o-mini']), // 0.000135
  embedding: usd(TOKENS.embedding, PRICES['text-embedding-3-small']), // 0.0000002
};

const isPersonaRequest = (request: RecordedRequest) =>
  request.body?.messages?.[0]?.content.includes('creates one realistic synthetic consumer persona') ?? false;
const usage = ([input, output]: readonly [number, number]) => ({
  prompt_tokens: input,
  completion_tokens: output,
  total_tokens: input + output,
});

function answer(request: RecordedRequest) {
  if (isPersonaRequest(request)) {
    // No gender, age or country stated: nothing can contradict the requested demographics.
    const persona = {
      name: 'Anna Weber',
      detailed_bio: 'Anna designs furniture in Leipzig. intent=6',
      product_attitudes: 'Buys once, buys well.',
    };
    return { content: JSON.stringify(persona), usage: usage(TOKENS.persona) };
  }
  const scripted = scriptedAnswer(request);
  const kind = isThemeRequest(request) ? 'themes' : 'feedback';
  return { ...scripted, usage: usage(TOKENS[kind]) };
}

const stack = useFeedbackService({
  fakeLlm: true,
  personaService: true,
  gatewayEnv: { AI_MODEL_PRICES: JSON.stringify(PRICES) },
  // One task at a time, so where a budget stops a session is exact.
  env: { FEEDBACK_PREFETCH: '1' },
});
const app = () => stack.apps[0]!;
let owner: string;
let stranger: string;

beforeAll(async () => {
  owner = await createUser(app().db);
  stranger = await createUser(app().db);
  stack.llm!.setFallback(answer);
  stack.llm!.setEmbeddingsFallback({ usage: { prompt_tokens: TOKENS.embedding[0], total_tokens: TOKENS.embedding[0] } });
});

const AUDIENCE = { genders: ['FEMALE'], ageRanges: ['26-35'], country: 'DE' };

async function start(payload: object) {
  const res = await app().inject({ method: 'POST', url: '/feedback-sessions', headers: tokenFor(owner), payload });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().sessionId as string;
}

const finished = (id: string) => finishedSession(app(), owner, id);

async function callsByKind(sessionId: string) {
  const groups = await app().db.modelCall.groupBy({ by: ['kind'], where: { sessionId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.kind, g._count._all]));
}

async function storedState() {
  const { db } = app();
  return {
    calls: await db.modelCall.count(),
    sessions: await db.feedbackSession.count(),
    results: await db.feedbackResult.count(),
    personas: await db.persona.count(),
    quota: (await db.llmUsageDaily.findMany()).map((row) => row.calls),
  };
}

describe('the estimate of a session', () => {
  it('has no side effects and, without history, estimates from prompt sizes with a price', async () => {
    const product = await createProduct(app(), owner);
    const before = await storedState();
    const res = await app().inject({
      method: 'POST',
      url: '/feedback-sessions/estimate',
      headers: tokenFor(owner),
      payload: { productIds: [product.id], language: 'de', audience: AUDIENCE, personaCount: 3 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const estimate = res.json();
    expect(estimate.lines.map((l: { kind: string; basis: string }) => [l.kind, l.basis])).toEqual([
      ['persona', 'prompt-size'],
      ['feedback', 'prompt-size'],
      ['embedding', 'prompt-size'],
      ['themes', 'prompt-size'],
    ]);
    // 0–3 personas (none yet to reuse: exactly 3), 3 answers, 3–4 embeddings, 1 theme call.
    expect(estimate.total.calls).toEqual({ min: 3 + 3 + 3 + 1, max: 3 + 3 + 4 + 1 });
    expect(estimate.total.costUsd.min).toBeGreaterThan(0);
    expect(estimate.total.costUsd.max).toBeGreaterThan(estimate.total.costUsd.min);
    expect(await storedState()).toEqual(before);
  });

  it('takes no history from calls that reported no usage (the offline provider), only from those that did', async () => {
    const product = await createProduct(app(), owner);
    const payload = { productIds: [product.id], language: 'de', audience: AUDIENCE, personaCount: 3 };
    const estimate = async () =>
      (await app().inject({ method: 'POST', url: '/feedback-sessions/estimate', headers: tokenFor(owner), payload })).json();
    const withoutHistory = (await estimate()).lines.find((l: { kind: string }) => l.kind === 'feedback');
    const { db } = app();
    const call = { userId: owner, kind: 'FEEDBACK' as const, model: 'gpt-4o-mini', costUsd: 0 };
    await db.modelCall.createMany({ data: [1, 2].map(() => ({ ...call, inputTokens: 0, outputTokens: 0 })) });
    try {
      // Calls without usage: the estimate is the one from prompt sizes, not 0 tokens.
      expect((await estimate()).lines.find((l: { kind: string }) => l.kind === 'feedback')).toEqual(withoutHistory);
      expect(withoutHistory.inputTokens.min).toBeGreaterThan(0);
      // One call that reported its usage is history: 3 answers × its 900 input and 150 output tokens.
      await db.modelCall.create({ data: { ...call, inputTokens: 900, outputTokens: 150 } });
      expect((await estimate()).lines.find((l: { kind: string }) => l.kind === 'feedback')).toMatchObject({
        basis: 'history',
        inputTokens: { min: 2700, max: 2700 },
        outputTokens: { min: 450, max: 450 },
      });
    } finally {
      await db.modelCall.deleteMany({ where: { userId: owner, sessionId: null, kind: 'FEEDBACK' } });
    }
  });

  it('refuses another user’s products with 404 and unknown fields or a bad budget with 400', async () => {
    const product = await createProduct(app(), owner);
    const body = { productIds: [product.id], language: 'de', audience: AUDIENCE, personaCount: 2 };
    const foreign = await app().inject({ method: 'POST', url: '/feedback-sessions/estimate', headers: tokenFor(stranger), payload: body });
    expect(foreign.statusCode).toBe(404);
    for (const bad of [
      { ...body, colour: 'red' },
      { ...body, maxCostUsd: -1 },
      { ...body, maxCostUsd: 0 },
    ]) {
      for (const url of ['/feedback-sessions/estimate', '/feedback-sessions']) {
        const res = await app().inject({ method: 'POST', url, headers: tokenFor(owner), payload: bad });
        expect(res.statusCode, `${url} ${JSON.stringify(bad)}`).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
  });
});

describe('the stored cost of a session', () => {
  it('is the sum over its calls, persona generation included, at the configured prices', async () => {
    const product = await createProduct(app(), owner, { name: 'Desk lamp' });
    const session = await finished(await start({ productIds: [product.id], language: 'de', audience: AUDIENCE, personaCount: 3 }));
    expect(session.status).toBe('COMPLETED');
    expect(session.progress).toMatchObject({ total: 3, completed: 3 });

    // 3 personas, 3 answers, 3 statements embedded + the anchor statements once (first rating of the process), 1 theme call.
    expect(await callsByKind(session.id)).toEqual({ PERSONA: 3, FEEDBACK: 3, EMBEDDING: 4, THEMES: 1 });
    const expected = 3 * COST.persona + 3 * COST.feedback + 4 * COST.embedding + COST.themes; // 0.0020258
    expect(session.usage).toEqual({
      calls: 11,
      inputTokens: 3 * 800 + 3 * 1000 + 4 * 10 + 500,
      outputTokens: 3 * 400 + 3 * 200 + 100,
      costUsd: expect.any(Number),
      unknownCostCalls: 0,
    });
    expect(session.usage.costUsd).toBeCloseTo(expected, 10);
    expect(session.budget).toBeNull();
    // Without a budget the session's row is never written for its calls: no running total kept.
    expect((await storedSpending(session.id)).runningTotal).toBe('0');
    // Each row says what it served.
    const feedbackRows = await app().db.modelCall.findMany({ where: { sessionId: session.id, kind: 'FEEDBACK' } });
    expect(new Set(feedbackRows.map((r) => r.resultId))).toEqual(
      new Set((await sessionResults(app(), owner, session.id)).map((r) => r.id)),
    );
    expect(feedbackRows.every((r) => r.userId === owner && r.model === 'gpt-4o-mini')).toBe(true);
  });

  it('is in the exports: JSON and Markdown say what the study cost, CSV and JSON rows what each result cost', async () => {
    const [latest] = await app().db.feedbackSession.findMany({
      where: { ownerId: owner, status: 'COMPLETED' },
      orderBy: { createdAt: 'desc' },
    });
    const json = (await app().inject({ url: `/feedback-sessions/${latest!.id}/export?format=json`, headers: tokenFor(owner) })).json();
    expect(json.session.usage).toMatchObject({ calls: 11, unknownCostCalls: 0 });
    // Each result's feedback and statement embedding; the anchors' embedding went with the first rated.
    const rows = json.rows as { inputTokens: number; outputTokens: number; costUsd: number }[];
    expect(rows.reduce((sum, r) => sum + r.inputTokens, 0)).toBe(3 * 1000 + 4 * 10);
    expect(rows.reduce((sum, r) => sum + r.outputTokens, 0)).toBe(3 * 200);
    expect(rows.reduce((sum, r) => sum + r.costUsd, 0)).toBeCloseTo(3 * COST.feedback + 4 * COST.embedding, 10);
    const md = await app().inject({ url: `/feedback-sessions/${latest!.id}/export?format=md`, headers: tokenFor(owner) });
    expect(md.body).toContain('- Cost: 11 model calls, 5,940 input and 1,900 output tokens, $0.0020');
    const csv = await app().inject({ url: `/feedback-sessions/${latest!.id}/export?format=csv`, headers: tokenFor(owner) });
    expect(csv.body.split('\n')[0]).toMatch(/,input_tokens,output_tokens,cost_usd$/);
    expect(csv.body).toMatch(/,1010,200,0\.0002702/);
  });

  it('the estimate of the same study, from that history, holds what the run then costs', async () => {
    const product = await createProduct(app(), owner, { name: 'Desk lamp' });
    const body = { productIds: [product.id], language: 'de', audience: AUDIENCE, personaCount: 3 };
    const estimate = (
      await app().inject({ method: 'POST', url: '/feedback-sessions/estimate', headers: tokenFor(owner), payload: body })
    ).json();
    expect(estimate.lines.every((l: { basis: string }) => l.basis === 'history')).toBe(true);

    const session = await finished(await start(body));
    expect(session.status).toBe('COMPLETED');
    const actual = await callsByKind(session.id);
    const kinds = { persona: 'PERSONA', feedback: 'FEEDBACK', embedding: 'EMBEDDING', themes: 'THEMES' } as const;
    for (const line of estimate.lines as { kind: keyof typeof kinds; calls: { min: number; max: number } }[]) {
      const made = actual[kinds[line.kind]] ?? 0;
      expect(made, line.kind).toBeGreaterThanOrEqual(line.calls.min);
      expect(made, line.kind).toBeLessThanOrEqual(line.calls.max);
    }
    const { usage: used } = session;
    expect(used.inputTokens).toBeGreaterThanOrEqual(estimate.total.inputTokens.min);
    expect(used.inputTokens).toBeLessThanOrEqual(estimate.total.inputTokens.max);
    expect(used.outputTokens).toBeGreaterThanOrEqual(estimate.total.outputTokens.min);
    expect(used.outputTokens).toBeLessThanOrEqual(estimate.total.outputTokens.max);
    expect(used.costUsd).toBeGreaterThanOrEqual(estimate.total.costUsd.min - 1e-12);
    expect(used.costUsd).toBeLessThanOrEqual(estimate.total.costUsd.max + 1e-12);
  });
});

/** The session's running total (kept by the database for budgets) and the sum of its stored calls, as exact decimals. */
async function storedSpending(sessionId: string) {
  const { budgetSpentUsd } = await app().db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId } });
  const { _sum } = await app().db.modelCall.aggregate({ where: { sessionId }, _sum: { costUsd: true } });
  return { runningTotal: budgetSpentUsd.toString(), sumOfCalls: _sum.costUsd?.toString() };
}

describe('a budget', () => {
  it('stops a session midway: the rest is cancelled with the reason, and it completes over what was answered', async () => {
    const product = await createProduct(app(), owner, { name: 'Kettle' });
    const personas = await createActivePersonas(app().db, owner, 6);
    // One answer with its embedding costs 0.0002702: the budget is reached after the second.
    const maxCostUsd = 0.0005;
    const id = await start({ productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en', maxCostUsd });
    const session = await finished(id);

    expect(session.status).toBe('COMPLETED');
    expect(session.progress).toEqual({ total: 6, completed: 2, failed: 0, cancelled: 4, pending: 0 });
    const cancelled = (await sessionResults(app(), owner, id)).filter((r) => r.status === 'CANCELLED');
    expect(cancelled.map((r) => r.failureReason)).toEqual(Array(4).fill('budget reached'));
    expect(session.budget).toEqual({ maxCostUsd, reached: true });
    expect(session.insights.overall.completed).toBe(2);
    expect(await callsByKind(id)).toMatchObject({ FEEDBACK: 2, THEMES: 1 });
    expect(session.usage.costUsd).toBeGreaterThanOrEqual(maxCostUsd);
    // The running total the check reads is exactly the sum of every call stored for the session.
    const { runningTotal, sumOfCalls } = await storedSpending(id);
    expect(runningTotal).toBe(sumOfCalls);

    const md = await app().inject({ url: `/feedback-sessions/${id}/export?format=md`, headers: tokenFor(owner) });
    expect(md.body).toContain('The budget of $0.0005 stopped this study: 4 results were cancelled.');
  });

  it('refuses another user’s session view with 404', async () => {
    const [any] = await app().db.feedbackSession.findMany({ where: { ownerId: owner }, take: 1 });
    const res = await app().inject({ url: `/feedback-sessions/${any!.id}`, headers: tokenFor(stranger) });
    expect(res.statusCode).toBe(404);
  });
});

describe('GET /usage', () => {
  it('sums the user’s calls of the UTC day and month, and nothing of another user’s', async () => {
    const mine = (await app().inject({ url: '/usage', headers: tokenFor(owner) })).json();
    const stored = await app().db.modelCall.aggregate({ where: { userId: owner }, _count: { _all: true }, _sum: { costUsd: true } });
    expect(mine.day.calls).toBe(stored._count._all);
    expect(mine.day.costUsd).toBeCloseTo(stored._sum.costUsd!.toNumber(), 10);
    expect(mine.month).toMatchObject({ calls: stored._count._all, unknownCostCalls: 0 });
    expect(mine.day.date).toBe(new Date().toISOString().slice(0, 10));

    const theirs = (await app().inject({ url: '/usage', headers: tokenFor(stranger) })).json();
    expect(theirs.day).toMatchObject({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unknownCostCalls: 0 });
    expect((await app().inject({ url: '/usage' })).statusCode).toBe(401);
  });
});
