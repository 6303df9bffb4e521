import { randomUUID } from 'node:crypto';

import { createActivePersonas, createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { createProduct, finishedSession, sessionResults, useFeedbackService } from './helper.js';

const stack = useFeedbackService();
let owner: string;

beforeAll(async () => {
  owner = await createUser(stack.apps[0]!.db);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const app = () => stack.apps[0]!;
const start = (body: object, userId = owner, headers: Record<string, string> = {}) =>
  app().inject({ method: 'POST', url: '/feedback-sessions', headers: { ...tokenFor(userId), ...headers }, payload: body });
const read = (id: string, userId = owner) => app().inject({ url: `/feedback-sessions/${id}`, headers: tokenFor(userId) });

const finished = (id: string) => finishedSession(app(), owner, id);

const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;

describe('a session with explicit personas', () => {
  it('generates every product × persona result and completes with insights matching the stored results', async () => {
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 4);
    const res = await start({ productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'EN' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'IN_PROGRESS', progress: { total: 4 } });

    const session = await finished(res.json().sessionId);
    expect(session.status).toBe('COMPLETED');
    expect(session.language).toBe('en');
    expect(session.progress).toEqual({ total: 4, completed: 4, failed: 0, pending: 0, cancelled: 0 });

    const stored = await app().db.feedbackResult.findMany({ where: { sessionId: session.id } });
    expect(stored).toHaveLength(4);
    const intents = stored.map((r) => r.purchaseIntent!);
    expect(intents.every((i) => Number.isInteger(i) && i >= 1 && i <= 10)).toBe(true);
    const overall = session.insights.overall;
    expect(overall.averagePurchaseIntent).toBe(mean(intents));
    expect(overall.likelyBuyerPercentage).toBe(Math.round((intents.filter((i) => i >= 7).length / 4) * 1000) / 10);
    expect(overall.intentDistribution.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    expect(overall.keyThemes.length).toBeGreaterThan(0);
    expect(overall.keyThemes.length).toBeLessThanOrEqual(7);
    expect(session.insights.simulated).toBe(true);
    expect(session.insights.products).toHaveLength(1);
  });

  it('compares two products side by side, each with its own numbers', async () => {
    const cheap = await createProduct(app(), owner, { name: 'Budget shoe', price: '39.00' });
    const premium = await createProduct(app(), owner, { name: 'Carbon racer', price: '289.00' });
    const personas = await createActivePersonas(app().db, owner, 3);
    const res = await start({ productIds: [cheap.id, premium.id], personaIds: personas.map((p) => p.id), language: 'de' });
    const session = await finished(res.json().sessionId);

    expect(session.status).toBe('COMPLETED');
    expect(session.products.map((p: { name: string }) => p.name)).toEqual(['Budget shoe', 'Carbon racer']);
    expect(session.insights.products.map((p: { productName: string }) => p.productName)).toEqual(['Budget shoe', 'Carbon racer']);
    for (const product of session.insights.products) {
      const rows = await app().db.feedbackResult.findMany({ where: { sessionId: session.id, productId: product.productId } });
      expect(product.completed).toBe(3);
      expect(product.averagePurchaseIntent).toBe(mean(rows.map((r) => r.purchaseIntent!)));
    }
    expect(session.insights.overall.completed).toBe(6);
  });
});

describe('a session whose personas failed', () => {
  it('fails those pairs at once and finishes the session when every pair failed', async () => {
    const product = await createProduct(app(), owner);
    const failed = await app().db.persona.create({
      data: { ownerId: owner, status: 'FAILED', failureReason: 'the model refused', name: null },
    });
    const res = await start({ productIds: [product.id], personaIds: [failed.id], language: 'en' });
    expect(res.statusCode).toBe(202);
    const session = await finished(res.json().sessionId);
    expect(session.status).toBe('FAILED');
    expect(session.failureReason).toBe('Every result failed');
    expect((await sessionResults(app(), owner, session.id))[0]!.failureReason).toBe('Persona generation failed: the model refused');
    expect(session.insights.overall).toMatchObject({ completed: 0, failed: 1, averagePurchaseIntent: null });
  });
});

describe('starting a session with bad input', () => {
  it('answers another user’s product like a missing one and stores nothing', async () => {
    const stranger = await createUser(app().db);
    const theirs = await createProduct(app(), stranger);
    const personas = await createActivePersonas(app().db, owner, 1);
    const before = await app().db.feedbackSession.count();
    const res = await start({ productIds: [theirs.id], personaIds: [personas[0]!.id], language: 'en' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', detail: `Product not found: ${theirs.id}` });
    expect(await app().db.feedbackSession.count()).toBe(before);
  });

  it('answers another user’s persona like a missing one', async () => {
    const stranger = await createUser(app().db);
    const [theirs] = await createActivePersonas(app().db, stranger, 1);
    const product = await createProduct(app(), owner);
    const res = await start({ productIds: [product.id], personaIds: [theirs!.id], language: 'en' });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe(`Persona not found: ${theirs!.id}`);
  });

  it('requires exactly one of persona ids or an audience with a count', async () => {
    const product = await createProduct(app(), owner);
    const [persona] = await createActivePersonas(app().db, owner, 1);
    const both = await start({
      productIds: [product.id],
      personaIds: [persona!.id],
      audience: { genders: ['MALE'] },
      personaCount: 2,
      language: 'en',
    });
    const neither = await start({ productIds: [product.id], language: 'en' });
    const noCount = await start({ productIds: [product.id], audience: { genders: ['MALE'] }, language: 'en' });
    expect(both.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(both.json().errors[0].field).toBe('body/personaIds');
    expect(neither.json().errors[0].field).toBe('body/audience');
    expect(noCount.json().errors[0].field).toBe('body/personaCount');
  });

  it('rejects a malformed language, duplicate products and an empty product list', async () => {
    const product = await createProduct(app(), owner);
    const [persona] = await createActivePersonas(app().db, owner, 1);
    const ids = { personaIds: [persona!.id] };
    expect((await start({ productIds: [product.id], ...ids, language: 'english' })).json().errors[0].field).toBe('body/language');
    expect((await start({ productIds: [product.id, product.id], ...ids, language: 'en' })).statusCode).toBe(400);
    expect((await start({ productIds: [], ...ids, language: 'en' })).statusCode).toBe(400);
  });
});

describe('reading sessions', () => {
  it('answers another user’s session with 404 and lists only the owner’s sessions', async () => {
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 1);
    const { sessionId } = (await start({ productIds: [product.id], personaIds: [personas[0]!.id], language: 'en' })).json();
    const stranger = await createUser(app().db);
    expect((await read(sessionId, stranger)).statusCode).toBe(404);
    expect(
      (await app().inject({ method: 'POST', url: `/feedback-sessions/${sessionId}/cancel`, headers: tokenFor(stranger) })).statusCode,
    ).toBe(404);
    const theirList = (await app().inject({ url: '/feedback-sessions', headers: tokenFor(stranger) })).json();
    expect(theirList.total).toBe(0);
    const mine = (await app().inject({ url: '/feedback-sessions?pageSize=100', headers: tokenFor(owner) })).json();
    expect(mine.items.map((s: { id: string }) => s.id)).toContain(sessionId);
    await finished(sessionId);
  });
});

describe('Idempotency-Key on session start', () => {
  it('replays the first response for a repeat and refuses the same key with another body', async () => {
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 2);
    const body = { productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' };
    const key = randomUUID();
    const first = await start(body, owner, { 'idempotency-key': key });
    const repeat = await start(body, owner, { 'idempotency-key': key });
    const other = await start({ ...body, language: 'fr' }, owner, { 'idempotency-key': key });

    expect(repeat.statusCode).toBe(202);
    expect(repeat.json().sessionId).toBe(first.json().sessionId);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await app().db.feedbackSession.count({ where: { ownerId: owner, results: { some: { personaId: personas[0]!.id } } } })).toBe(1);
    await finished(first.json().sessionId);
  });
});

describe('session start as a saga', () => {
  it('answers 409 to a repeat of an Idempotency-Key while the first request is still running', async () => {
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 1);
    const body = { productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' };
    const publish = app().broker.publish.bind(app().broker);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reachedPublish!: () => void;
    const publishing = new Promise<void>((resolve) => (reachedPublish = resolve));
    vi.spyOn(app().broker, 'publish').mockImplementation(async (...args) => {
      reachedPublish();
      await held;
      return publish(...args);
    });
    const key = randomUUID();
    const first = start(body, owner, { 'idempotency-key': key });
    await publishing;
    const second = await start(body, owner, { 'idempotency-key': key });
    release();

    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('IDEMPOTENCY_IN_FLIGHT');
    expect((await first).statusCode).toBe(202);
    await finished((await first).json().sessionId);
  });

  it('undoes the stored session when its tasks cannot be published, and lets the client retry the same key', async () => {
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 3);
    const body = { productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' };
    const before = await app().db.feedbackSession.count();
    const publish = vi.spyOn(app().broker, 'publish').mockRejectedValue(new Error('broker unreachable'));
    const key = randomUUID();

    const failed = await start(body, owner, { 'idempotency-key': key });
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(failed.body).not.toContain('broker unreachable');
    expect(await app().db.feedbackSession.count()).toBe(before);
    expect(await app().db.feedbackResult.count({ where: { personaId: personas[0]!.id } })).toBe(0);

    publish.mockRestore();
    const retried = await start(body, owner, { 'idempotency-key': key });
    expect(retried.statusCode).toBe(202);
    expect((await finished(retried.json().sessionId)).status).toBe('COMPLETED');
  });
});

describe('export', () => {
  it('exports a finished session as CSV, JSON and a Markdown report', async () => {
    const product = await createProduct(app(), owner, { name: 'Trail shoe' });
    const personas = await createActivePersonas(app().db, owner, 2);
    const { sessionId } = (await start({ productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' })).json();
    await finished(sessionId);
    const get = (format: string) =>
      app().inject({ url: `/feedback-sessions/${sessionId}/export?format=${format}`, headers: tokenFor(owner) });

    const csv = await get('csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'session_id,product_id,product_name,persona_id,persona_name,persona_gender,persona_age,persona_age_group,persona_country,persona_region,persona_income_level,status,purchase_intent,purchase_statement,ssr_p1,ssr_p2,ssr_p3,ssr_p4,ssr_p5,ssr_expected_rating,key_concerns,feedback,failure_reason,question_id,question,answer_scale_value,answer_choice,answer,input_tokens,output_tokens,cost_usd',
    );
    expect(lines).toHaveLength(3);

    const json = (await get('json')).json();
    expect(json.rows).toHaveLength(2);
    expect(json.rows[0]).toMatchObject({ sessionId, productName: 'Trail shoe', status: 'COMPLETED' });

    const md = await get('md');
    expect(md.body).toMatch(/\| Average purchase intent \(1–10\) \[95 % interval\] \| \d+\.\d{2} \[\d+\.\d{2}, \d+\.\d{2}\]( ⚠)? \|/);
    expect(md.body).not.toContain('… 95 % interval');
    expect(md.body).toContain('### Trail shoe');
    expect((await get('xml')).statusCode).toBe(400);
  });
});

describe('GET /feedback-sessions/:id/results', () => {
  const results = (id: string, query: string, userId = owner) =>
    app().inject({ url: `/feedback-sessions/${id}/results${query}`, headers: tokenFor(userId) });

  it('pages through the results in creation order and filters them as the stored rows say', async () => {
    const [a, b] = [await createProduct(app(), owner, { name: 'A' }), await createProduct(app(), owner, { name: 'B' })];
    const personas = await createActivePersonas(app().db, owner, 3);
    const id = (await start({ productIds: [a.id, b.id], personaIds: personas.map((p) => p.id), language: 'en' })).json().sessionId;
    expect((await finished(id)).status).toBe('COMPLETED');
    const stored = await app().db.feedbackResult.findMany({ where: { sessionId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

    const first = (await results(id, '?pageSize=4')).json();
    const second = (await results(id, '?pageSize=4&page=2')).json();
    expect([first.total, first.items.length, second.items.length]).toEqual([6, 4, 2]);
    expect([...first.items, ...second.items].map((r: { id: string }) => r.id)).toEqual(stored.map((r) => r.id));
    expect(first.items[0]).toMatchObject({
      personaName: expect.any(String),
      usage: expect.objectContaining({ calls: expect.any(Number) }),
    });

    const ofB = (await results(id, `?productId=${b.id}`)).json();
    expect(ofB.items.map((r: { id: string }) => r.id)).toEqual(stored.filter((r) => r.productId === b.id).map((r) => r.id));
    const ofPersona = (await results(id, `?personaId=${personas[1]!.id}&status=COMPLETED`)).json();
    expect(ofPersona.total).toBe(2);

    const intent = stored[0]!.purchaseIntent!;
    const band = (await results(id, `?minIntent=${intent}&maxIntent=${intent}`)).json();
    expect(band.total).toBe(stored.filter((r) => r.purchaseIntent === intent).length);
    expect(band.items.every((r: { purchaseIntent: number }) => r.purchaseIntent === intent)).toBe(true);
  });

  it("refuses another user's session with 404 and bad filters with 400", async () => {
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 1);
    const id = (await start({ productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' })).json().sessionId;
    await finished(id);

    expect((await results(id, '', await createUser(app().db))).statusCode).toBe(404);
    for (const query of ['?minIntent=8&maxIntent=3', '?pageSize=101', '?status=DONE', '?minIntent=11', '?colour=red']) {
      const res = await results(id, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code, query).toBe('VALIDATION_FAILED');
    }
  });
});

describe('locks', () => {
  it("keeps its locks under the service's Redis key prefix", async () => {
    const prefix = stack.env.REDIS_KEY_PREFIX!;
    const heldAs = await app().withLock('probe', 5_000, async () => app().redis.keys(`*probe`));
    expect(heldAs).toEqual([`${prefix}:locks:probe`]);
    expect(await app().redis.exists(`${prefix}:locks:probe`)).toBe(0);
  });

  it('rejects with the routine’s own error when the lock expired while it ran, not as held elsewhere', async () => {
    const key = `${stack.env.REDIS_KEY_PREFIX!}:locks:expiring`;
    // The key vanishes as it does when a routine blocks the event loop past the TTL: the release then fails.
    const failing = app().withLock('expiring', 5_000, async () => {
      await app().redis.del(key);
      throw new Error('theme call failed');
    });
    await expect(failing).rejects.toThrow('theme call failed');
    const succeeding = app().withLock('expiring', 5_000, async () => {
      await app().redis.del(key);
      return 'completed';
    });
    await expect(succeeding).resolves.toBe('completed');
  });
});

describe('metrics', () => {
  it('counts sessions by lifecycle event and the messages consumed', async () => {
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 2);
    await finished((await start({ productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' })).json().sessionId);
    const text = (await app().inject({ url: '/metrics' })).body;
    expect(text).toMatch(/feedback_sessions_total\{[^}]*event="started"[^}]*\} [1-9]/);
    expect(text).toMatch(/feedback_sessions_total\{[^}]*event="completed"[^}]*\} [1-9]/);
    expect(text).toMatch(/message_handling_seconds_count\{[^}]*contract="FeedbackGenerationTask"[^}]*\} [1-9]/);
    expect(text).toMatch(/messages_published_total\{[^}]*contract="FeedbackGenerationTask"[^}]*\} [1-9]/);
  });

  it('times each step of a session’s completion, once per completed session', async () => {
    const stepCounts = async () => {
      const text = (await app().inject({ url: '/metrics' })).body;
      const counts = [...text.matchAll(/^feedback_session_completion_step_seconds_count\{[^}]*step="(\w+)"[^}]*\} (\d+)$/gm)];
      return Object.fromEntries(counts.map(([, step, count]) => [step!, Number(count)]));
    };
    const before = await stepCounts();
    const product = await createProduct(app(), owner);
    const personas = await createActivePersonas(app().db, owner, 2);
    await finished((await start({ productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' })).json().sessionId);
    // The steps are recorded just after the write that shows the session finished.
    const after = await waitFor('the completion steps recorded', async () => {
      const counts = await stepCounts();
      return (counts.write ?? 0) > (before.write ?? 0) && counts;
    });
    const steps = ['check', 'lock', 'recheck', 'read', 'stats', 'themesAndStats', 'write'];
    expect(Object.keys(after).sort()).toEqual([...steps].sort());
    for (const step of steps) expect(after[step]! - (before[step] ?? 0)).toBe(1);
  });
});
