import { randomUUID } from 'node:crypto';

import { type SignedInUser, signIn, tokenFor } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { productInput, useProductApi } from './helper.js';

const api = useProductApi();

async function createProduct(user: SignedInUser, overrides: Record<string, unknown> = {}) {
  const res = await api.app.inject({ method: 'POST', url: '/products', headers: user.headers, payload: productInput(overrides) });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const storedRow = (id: string) => api.app.db.product.findUniqueOrThrow({ where: { id } });

/** Moves the row's timestamps into the past, so a write's new updatedAt is visibly later. */
async function backdate(id: string): Promise<void> {
  await api.app.db.$executeRaw`UPDATE products SET created_at = '2020-01-01Z', updated_at = '2020-01-01Z' WHERE id = ${id}::uuid`;
}

describe('creating a product', () => {
  it('stores the product for the signed-in user and answers it with a location', async () => {
    const user = await signIn(api.app.db);
    const res = await api.app.inject({ method: 'POST', url: '/products', headers: user.headers, payload: productInput() });

    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Trail Runner 2',
      description: 'A light waterproof running shoe for rough trails.',
      price: '129.90',
      currency: 'USD',
      category: 'Footwear',
      keyFeatures: ['Waterproof membrane', 'Grippy outsole'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/products/${body.id}`);

    const row = await storedRow(body.id);
    expect(row).toMatchObject({ ownerId: user.userId, name: 'Trail Runner 2', category: 'Footwear', deletedAt: null });
    expect(row.price.toFixed(2)).toBe('129.90');
    expect(row.keyFeatures).toEqual(['Waterproof membrane', 'Grippy outsole']);
    expect(row.createdAt.toISOString()).toBe(body.createdAt);
  });

  it('refuses a token whose user no longer exists', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/products', headers: tokenFor(randomUUID()), payload: productInput() });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });
});

describe('reading a product', () => {
  it('answers the owner with the product', async () => {
    const user = await signIn(api.app.db);
    const created = await createProduct(user);
    const res = await api.app.inject({ url: `/products/${created.id}`, headers: user.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(created);
  });

  it('answers an unknown id with 404 NOT_FOUND', async () => {
    const user = await signIn(api.app.db);
    const res = await api.app.inject({ url: `/products/${randomUUID()}`, headers: user.headers });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'Product not found' });
  });
});

describe('replacing a product', () => {
  it('replaces every field and stores them', async () => {
    const user = await signIn(api.app.db);
    const { id } = await createProduct(user);
    await backdate(id);
    const replacement = {
      name: 'Trail Runner 3',
      description: 'Lighter, with a wider toe box.',
      price: 99.5,
      category: 'Running',
      keyFeatures: ['Wide toe box'],
    };
    const res = await api.app.inject({ method: 'PUT', url: `/products/${id}`, headers: user.headers, payload: replacement });

    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ...replacement, id, price: '99.50', createdAt: '2020-01-01T00:00:00.000Z' });
    expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.parse('2020-01-01Z'));
    const row = await storedRow(id);
    expect(row).toMatchObject({ name: 'Trail Runner 3', category: 'Running', keyFeatures: ['Wide toe box'] });
    expect(row.price.toFixed(2)).toBe('99.50');
    expect(row.updatedAt.toISOString()).toBe(body.updatedAt);
  });

  it('requires every field', async () => {
    const user = await signIn(api.app.db);
    const created = await createProduct(user);
    const { keyFeatures: _omitted, ...withoutFeatures } = productInput();
    const res = await api.app.inject({
      method: 'PUT',
      url: `/products/${created.id}`,
      headers: user.headers,
      payload: withoutFeatures,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body/keyFeatures');
    expect((await storedRow(created.id)).keyFeatures).toEqual(created.keyFeatures);
  });
});

describe('patching a product', () => {
  it('changes only the fields given', async () => {
    const user = await signIn(api.app.db);
    const { id } = await createProduct(user);
    await backdate(id);
    const created = (await api.app.inject({ url: `/products/${id}`, headers: user.headers })).json();
    const res = await api.app.inject({
      method: 'PATCH',
      url: `/products/${created.id}`,
      headers: user.headers,
      payload: { price: '19.9', keyFeatures: [] },
    });

    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ ...created, price: '19.90', keyFeatures: [], updatedAt: expect.any(String) });
    expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    const row = await storedRow(created.id);
    expect(row.price.toFixed(2)).toBe('19.90');
    expect(row).toMatchObject({ name: created.name, description: created.description, category: created.category, keyFeatures: [] });
  });

  it('refuses an empty patch', async () => {
    const user = await signIn(api.app.db);
    const created = await createProduct(user);
    const res = await api.app.inject({ method: 'PATCH', url: `/products/${created.id}`, headers: user.headers, payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body' }] });
  });
});

describe('deleting a product', () => {
  it('answers 204 and keeps the row with deletedAt set', async () => {
    const user = await signIn(api.app.db);
    const created = await createProduct(user);
    const res = await api.app.inject({ method: 'DELETE', url: `/products/${created.id}`, headers: user.headers });

    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const row = await storedRow(created.id);
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.name).toBe(created.name);
  });

  it('deletes once when two deletes race: one 204, one 404', async () => {
    const user = await signIn(api.app.db);
    const created = await createProduct(user);
    const url = `/products/${created.id}`;
    const answers = await Promise.all([
      api.app.inject({ method: 'DELETE', url, headers: user.headers }),
      api.app.inject({ method: 'DELETE', url, headers: user.headers }),
    ]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([204, 404]);
  });

  it('makes the product answer like a missing one everywhere', async () => {
    const user = await signIn(api.app.db);
    const created = await createProduct(user);
    await api.app.inject({ method: 'DELETE', url: `/products/${created.id}`, headers: user.headers });
    const deletedAt = (await storedRow(created.id)).deletedAt;

    const url = `/products/${created.id}`;
    const answers = await Promise.all([
      api.app.inject({ method: 'GET', url, headers: user.headers }),
      api.app.inject({ method: 'PUT', url, headers: user.headers, payload: productInput({ name: 'Revived' }) }),
      api.app.inject({ method: 'PATCH', url, headers: user.headers, payload: { name: 'Revived' } }),
      api.app.inject({ method: 'DELETE', url, headers: user.headers }),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'Product not found' });
    }
    const list = await api.app.inject({ url: '/products', headers: user.headers });
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    const row = await storedRow(created.id);
    expect(row).toMatchObject({ name: created.name, deletedAt });
  });
});

describe("another user's product", () => {
  it('answers exactly like a missing one and changes nothing', async () => {
    const owner = await signIn(api.app.db);
    const intruder = await signIn(api.app.db);
    const created = await createProduct(owner);
    const before = await storedRow(created.id);

    const missing = await api.app.inject({ url: `/products/${randomUUID()}`, headers: intruder.headers });
    const url = `/products/${created.id}`;
    const answers = await Promise.all([
      api.app.inject({ method: 'GET', url, headers: intruder.headers }),
      api.app.inject({ method: 'PUT', url, headers: intruder.headers, payload: productInput({ name: 'Hijacked' }) }),
      api.app.inject({ method: 'PATCH', url, headers: intruder.headers, payload: { price: '0.01' } }),
      api.app.inject({ method: 'DELETE', url, headers: intruder.headers }),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      const { instance: _a, ...problem } = res.json();
      const { instance: _b, ...missingProblem } = missing.json();
      expect(problem).toEqual(missingProblem);
    }
    expect(await storedRow(created.id)).toEqual(before);
    const ownerView = await api.app.inject({ url, headers: owner.headers });
    expect(ownerView.json()).toEqual(created);
  });

  it('never appears in the list of another user', async () => {
    const owner = await signIn(api.app.db);
    const other = await signIn(api.app.db);
    await createProduct(owner);
    const res = await api.app.inject({ url: '/products', headers: other.headers });
    expect(res.json()).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
  });
});
