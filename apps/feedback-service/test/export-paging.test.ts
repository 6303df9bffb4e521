// Exports of a session larger than one page of the export's keyset reads: every result comes out
// once, in the order of product and persona, in CSV and in JSON.
import { createUser, tokenFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { EXPORT_PAGE_SIZE } from '../src/domain/export.js';
import { createProduct, useFeedbackService } from './helper.js';

const stack = useFeedbackService();
const app = () => stack.apps[0]!;
const PERSONAS = EXPORT_PAGE_SIZE / 2 + 1;

describe('the export of a session larger than one page', () => {
  let owner: string;
  let sessionId: string;
  let expected: { productId: string; personaId: string; purchaseIntent: number | null }[];

  beforeAll(async () => {
    owner = await createUser(app().db);
    const products = [await createProduct(app(), owner, { name: 'A' }), await createProduct(app(), owner, { name: 'B' })];
    const { db } = app();
    await db.persona.createMany({
      data: Array.from({ length: PERSONAS }, (_, i) => ({
        ownerId: owner,
        status: 'ACTIVE' as const,
        name: `Bulk ${i}`,
        age: 20 + (i % 50),
      })),
    });
    const personas = await db.persona.findMany({ where: { ownerId: owner }, select: { id: true } });
    const session = await db.feedbackSession.create({
      data: {
        ownerId: owner,
        language: 'en',
        status: 'COMPLETED',
        completedAt: new Date(),
        totalResults: products.length * personas.length,
        products: { create: products.map((product, position) => ({ productId: product.id, position })) },
      },
    });
    sessionId = session.id;
    await db.feedbackResult.createMany({
      data: products.flatMap((product) =>
        personas.map((persona, i) => ({
          sessionId,
          productId: product.id,
          personaId: persona.id,
          status: 'COMPLETED' as const,
          completedAt: new Date(),
          purchaseIntent: (i % 10) + 1,
          feedback: `Answer ${i}`,
        })),
      ),
    });
    expected = await db.feedbackResult.findMany({
      where: { sessionId },
      orderBy: [{ productId: 'asc' }, { personaId: 'asc' }],
      select: { productId: true, personaId: true, purchaseIntent: true },
    });
    expect(expected.length).toBeGreaterThan(EXPORT_PAGE_SIZE);
  });

  const exported = (format: string) =>
    app().inject({ url: `/feedback-sessions/${sessionId}/export?format=${format}`, headers: tokenFor(owner) });

  it('writes every result once in CSV, ordered by product and persona', async () => {
    const csv = await exported('csv');
    expect(csv.statusCode).toBe(200);
    const [header, ...lines] = csv.body.trimEnd().split('\n');
    const column = (name: string) => header!.split(',').indexOf(name);
    const rows = lines.map((line) => line.split(','));
    expect(
      rows.map((cells) => [cells[column('product_id')], cells[column('persona_id')], Number(cells[column('purchase_intent')])]),
    ).toEqual(expected.map((r) => [r.productId, r.personaId, r.purchaseIntent]));
  });

  it('writes every result once in JSON, in the same order and document shape', async () => {
    const json = await exported('json');
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expect(Object.keys(body)).toEqual(['session', 'rows', 'questions']);
    expect(body.session).toMatchObject({ id: sessionId, status: 'COMPLETED', progress: { total: expected.length } });
    expect(body.session).not.toHaveProperty('results');
    expect(body.rows.map((r: { productId: string; personaId: string }) => [r.productId, r.personaId])).toEqual(
      expected.map((r) => [r.productId, r.personaId]),
    );
    expect(body.questions).toEqual([]);
  });

  it('answers problem+json before the first byte: 404 for another user, 409 while the session runs', async () => {
    const other = await app().inject({
      url: `/feedback-sessions/${sessionId}/export?format=csv`,
      headers: tokenFor(await createUser(app().db)),
    });
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toContain('application/problem+json');

    await app().db.feedbackSession.update({ where: { id: sessionId }, data: { status: 'IN_PROGRESS' } });
    try {
      for (const format of ['csv', 'json']) {
        const running = await exported(format);
        expect(running.statusCode).toBe(409);
        expect(running.json()).toMatchObject({ status: 409, code: expect.any(String) });
      }
    } finally {
      await app().db.feedbackSession.update({ where: { id: sessionId }, data: { status: 'COMPLETED' } });
    }
  });
});
