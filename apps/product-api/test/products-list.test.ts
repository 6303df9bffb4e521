import { randomUUID } from 'node:crypto';

import { type SignedInUser, signIn } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { productInput, useProductApi } from './helper.js';

const api = useProductApi();

/** Stores `count` products directly, five per createdAt, so many rows tie on the time. */
async function storeProductsWithTiedTimes(owner: SignedInUser, count: number): Promise<string[]> {
  const base = Date.parse('2026-01-01T00:00:00Z');
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    ownerId: owner.userId,
    name: `Product ${i}`,
    description: 'Stored for a pagination test.',
    price: '1.00',
    category: 'Test',
    keyFeatures: [],
    createdAt: new Date(base + Math.floor(i / 5) * 1000),
  }));
  await api.app.db.product.createMany({ data: rows });
  // Expected order: newest first, then id descending (PostgreSQL compares uuids as hex digits do).
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((row) => row.id);
}

async function listPage(user: SignedInUser, query: string) {
  return api.app.inject({ url: `/products?${query}`, headers: user.headers });
}

describe('listing products', () => {
  it('pages through 25 products in 3 pages, newest first, with no duplicates or gaps even when times tie', async () => {
    const owner = await signIn(api.app.db);
    const expected = await storeProductsWithTiedTimes(owner, 25);

    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await listPage(owner, `page=${page}&pageSize=10`);
      expect(res.statusCode).toBe(200);
      pages.push(res.json());
    }

    expect(pages.map((p) => [p.page, p.pageSize, p.total, p.items.length])).toEqual([
      [1, 10, 25, 10],
      [2, 10, 25, 10],
      [3, 10, 25, 5],
    ]);
    expect(pages.flatMap((p) => p.items.map((item: { id: string }) => item.id))).toEqual(expected);
  });

  it('answers the same page the same way every time', async () => {
    const owner = await signIn(api.app.db);
    await storeProductsWithTiedTimes(owner, 12);
    const first = (await listPage(owner, 'page=2&pageSize=5')).json();
    const again = (await listPage(owner, 'page=2&pageSize=5')).json();
    expect(again).toEqual(first);
  });

  it('uses page 1 and 20 items when no query is given', async () => {
    const owner = await signIn(api.app.db);
    await storeProductsWithTiedTimes(owner, 21);
    const res = await api.app.inject({ url: '/products', headers: owner.headers });
    expect(res.json()).toMatchObject({ page: 1, pageSize: 20, total: 21 });
    expect(res.json().items).toHaveLength(20);
  });

  it('answers a page past the end with no items and the total', async () => {
    const owner = await signIn(api.app.db);
    await storeProductsWithTiedTimes(owner, 3);
    const res = await listPage(owner, 'page=5&pageSize=10');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], page: 5, pageSize: 10, total: 3 });
  });

  it('lists products in the shape they were created in', async () => {
    const owner = await signIn(api.app.db);
    const created = await api.app.inject({ method: 'POST', url: '/products', headers: owner.headers, payload: productInput() });
    const res = await listPage(owner, 'page=1&pageSize=10');
    expect(res.json().items).toEqual([created.json()]);
  });

  it("counts only the caller's live products", async () => {
    const owner = await signIn(api.app.db);
    const other = await signIn(api.app.db);
    const [kept, deleted] = await storeProductsWithTiedTimes(owner, 2);
    await storeProductsWithTiedTimes(other, 4);
    await api.app.inject({ method: 'DELETE', url: `/products/${deleted}`, headers: owner.headers });

    const res = await listPage(owner, 'page=1&pageSize=10');
    expect(res.json()).toMatchObject({ total: 1, items: [{ id: kept }] });
  });

  it.each(['page=0', 'page=abc', 'pageSize=0', 'pageSize=101', 'page=1.5'])('rejects the query %s naming it', async (query) => {
    const owner = await signIn(api.app.db);
    const res = await listPage(owner, query);
    expect(res.statusCode).toBe(400);
    const name = query.split('=')[0];
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: `querystring/${name}` }] });
  });
});
