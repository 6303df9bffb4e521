import { randomUUID } from 'node:crypto';

import { type SignedInUser, signIn, tokenFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { productInput, useProductApi } from './helper.js';

const api = useProductApi();
let user: SignedInUser;
beforeAll(async () => {
  user = await signIn(api.app.db);
});

const create = (payload: unknown) =>
  api.app.inject({ method: 'POST', url: '/products', headers: user.headers, payload: payload as object });
const productCount = () => api.app.db.product.count({ where: { ownerId: user.userId } });

/** Sends a body, expects 400 VALIDATION_FAILED with `field` first among the errors, and nothing stored. */
async function expectRejected(payload: unknown, field: string) {
  const before = await productCount();
  const res = await create(payload);
  expect(res.statusCode).toBe(400);
  const body = res.json();
  expect(body.code).toBe('VALIDATION_FAILED');
  expect(body.errors[0].field).toBe(field);
  expect(await productCount()).toBe(before);
  return body;
}

describe('prices', () => {
  it('stores "0.10" and "0.20" exactly, so they sum to 0.30 in the database', async () => {
    const a = (await create(productInput({ name: 'Ten cents', price: '0.10' }))).json();
    const b = (await create(productInput({ name: 'Twenty cents', price: '0.20' }))).json();
    expect([a.price, b.price]).toEqual(['0.10', '0.20']);

    const rows = await api.app.db.$queryRaw<{ sum: string }[]>`
      SELECT sum(price)::text AS sum FROM products WHERE id IN (${a.id}::uuid, ${b.id}::uuid)`;
    expect(rows).toEqual([{ sum: '0.30' }]);
  });

  it.each([
    [0.1, '0.10'],
    [19.9, '19.90'],
    [0, '0.00'],
    ['7', '7.00'],
    ['9999999999.99', '9999999999.99'],
  ])('accepts the price %j and answers it as %s', async (price, answered) => {
    const res = await create(productInput({ price }));
    expect(res.statusCode).toBe(201);
    expect(res.json().price).toBe(answered);
    const row = await api.app.db.product.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(row.price.toFixed(2)).toBe(answered);
  });

  it('rejects a number that is not exact to the cent, such as 0.1 + 0.2', async () => {
    const body = await expectRejected(productInput({ price: 0.1 + 0.2 }), 'body/price');
    expect(body.detail).toBe('body/price must have at most two decimal places');
  });

  it.each([['19.999'], [19.999], ['-1'], [-1], [-0.01], ['abc'], [''], ['1e3'], [' 1.00'], ['01.00'], ['10000000000'], [true], [null]])(
    'rejects the price %j naming price',
    async (price) => {
      await expectRejected(productInput({ price }), 'body/price');
    },
  );

  it('rejects an inexact price in a patch and keeps the stored one', async () => {
    const created = (await create(productInput({ price: '5.00' }))).json();
    const res = await api.app.inject({
      method: 'PATCH',
      url: `/products/${created.id}`,
      headers: user.headers,
      payload: { price: 0.305 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body/price');
    expect((await api.app.db.product.findUniqueOrThrow({ where: { id: created.id } })).price.toFixed(2)).toBe('5.00');
  });
});

describe('field limits', () => {
  it('accepts every field at its longest, counting characters rather than bytes', async () => {
    const payload = productInput({
      name: 'é'.repeat(200),
      description: '😀'.repeat(5000),
      category: 'ß'.repeat(100),
      keyFeatures: Array.from({ length: 30 }, () => 'ü'.repeat(200)),
    });
    const res = await create(payload);
    expect(res.statusCode).toBe(201);
    const row = await api.app.db.product.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(row).toMatchObject({ name: payload.name, description: payload.description, keyFeatures: payload.keyFeatures });
  });

  it.each([
    ['name', 'x'.repeat(201), 'body/name'],
    ['description', 'x'.repeat(5001), 'body/description'],
    ['category', 'x'.repeat(101), 'body/category'],
    ['keyFeatures', Array.from({ length: 31 }, () => 'feature'), 'body/keyFeatures'],
    ['keyFeatures', ['ok', 'x'.repeat(201)], 'body/keyFeatures/1'],
  ])('rejects an oversized %s', async (key, value, field) => {
    await expectRejected(productInput({ [key]: value }), field);
  });

  it.each([
    ['name', ''],
    ['name', '   '],
    ['category', '\t\n'],
    ['name', 'nul\u0000byte'],
    ['description', 'nul\u0000byte'],
  ])('rejects the %s %j', async (key, value) => {
    await expectRejected(productInput({ [key]: value }), `body/${key}`);
  });

  it('rejects an empty key feature', async () => {
    await expectRejected(productInput({ keyFeatures: ['ok', ''] }), 'body/keyFeatures/1');
  });
});

describe('shapes', () => {
  it.each([
    ['name', 123],
    ['description', ['a list']],
    ['category', { nested: true }],
    ['keyFeatures', 'not a list'],
    ['keyFeatures', [1, 2]],
  ])('rejects a wrong-typed %s', async (key, value) => {
    const field = key === 'keyFeatures' && Array.isArray(value) ? 'body/keyFeatures/0' : `body/${key}`;
    await expectRejected(productInput({ [key]: value }), field);
  });

  it('rejects a missing field naming it', async () => {
    const { category: _omitted, ...rest } = productInput();
    await expectRejected(rest, 'body/category');
  });

  it('rejects an unknown field naming it, so an owner cannot be chosen', async () => {
    const body = await expectRejected(productInput({ ownerId: randomUUID() } as never), 'body/ownerId');
    expect(body.errors[0].message).toBe('is not an allowed field');
  });

  it('rejects unknown fields in PUT and PATCH too', async () => {
    const created = (await create(productInput())).json();
    for (const [method, payload] of [
      ['PUT', productInput({ deletedAt: null } as never)],
      ['PATCH', { name: 'New', deletedAt: null }],
    ] as const) {
      const res = await api.app.inject({ method, url: `/products/${created.id}`, headers: user.headers, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toEqual({ field: 'body/deletedAt', message: 'is not an allowed field' });
    }
    expect((await api.app.db.product.findUniqueOrThrow({ where: { id: created.id } })).name).toBe(created.name);
  });

  it('answers malformed JSON with MALFORMED_JSON', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/products',
      headers: { ...user.headers, 'content-type': 'application/json' },
      payload: '{"name": "half',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
  });

  it('rejects a body that is not an object', async () => {
    await expectRejected(['a', 'list'], 'body');
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE'] as const)('rejects a malformed id in the path of %s', async (method) => {
    const payload = method === 'PUT' ? productInput() : method === 'PATCH' ? { name: 'x' } : undefined;
    const url = '/products/not-a-uuid';
    const res = await api.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'params/id' }] });
  });
});

describe('authentication', () => {
  const someId = randomUUID();
  const routes = [
    ['POST', '/products'],
    ['GET', '/products'],
    ['GET', `/products/${someId}`],
    ['PUT', `/products/${someId}`],
    ['PATCH', `/products/${someId}`],
    ['DELETE', `/products/${someId}`],
  ] as const;

  it.each(routes)('answers %s %s without a token with 401, before validating the body', async (method, url) => {
    const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
    const res = await api.app.inject({ method, url, ...(withBody ? { payload: { junk: true } } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('answers an expired token with 401 TOKEN_EXPIRED', async () => {
    const expired = tokenFor(user.userId, { exp: Math.floor(Date.now() / 1000) - 10 });
    const res = await api.app.inject({ url: '/products', headers: expired });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it('answers a tampered token with 401 and stores nothing', async () => {
    const before = await productCount();
    const [header, , signature] = user.token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: randomUUID() })).toString('base64url');
    const res = await api.app.inject({
      method: 'POST',
      url: '/products',
      headers: { authorization: `Bearer ${header}.${forgedPayload}.${signature}` },
      payload: productInput(),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
    expect(await productCount()).toBe(before);
  });
});
