// A product's currency: ISO 4217, given or the deployment's DEFAULT_CURRENCY, kept by every write.
import { createTestDatabase, type SignedInUser, signIn, type TestDatabase, testEnv } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { productInput } from './helper.js';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let user: SignedInUser;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp(readConfig(testEnv({ DATABASE_URL: database.url, DEFAULT_CURRENCY: 'EUR' })));
  await app.ready();
  user = await signIn(app.db);
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const create = (payload: object) => app.inject({ method: 'POST', url: '/products', headers: user.headers, payload });

describe('currency', () => {
  it('takes the deployment default when none is given, and the given one otherwise', async () => {
    const defaulted = await create(productInput());
    expect(defaulted.statusCode).toBe(201);
    expect(defaulted.json().currency).toBe('EUR');
    const yen = await create(productInput({ currency: 'JPY' }));
    expect(yen.json().currency).toBe('JPY');
    expect((await app.db.product.findUniqueOrThrow({ where: { id: yen.json().id } })).currency).toBe('JPY');

    const page = (await app.inject({ url: '/products', headers: user.headers })).json();
    expect(page.items.map((p: { currency: string }) => p.currency).sort()).toEqual(['EUR', 'JPY']);
  });

  it('changes with a patch and returns to the default with a replacement that leaves it out', async () => {
    const { id } = (await create(productInput({ currency: 'GBP' }))).json();
    const patched = await app.inject({ method: 'PATCH', url: `/products/${id}`, headers: user.headers, payload: { currency: 'CHF' } });
    expect(patched.json().currency).toBe('CHF');
    const replaced = await app.inject({ method: 'PUT', url: `/products/${id}`, headers: user.headers, payload: productInput() });
    expect(replaced.json().currency).toBe('EUR');
  });

  it('refuses a code that is not three capital letters, storing nothing', async () => {
    const before = await app.db.product.count();
    for (const currency of ['usd', 'EURO', '€', '', 'U1D']) {
      const res = await create(productInput({ currency }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body/currency' }] });
    }
    expect(await app.db.product.count()).toBe(before);
  });

  it('refuses an invalid DEFAULT_CURRENCY at start-up, naming it', () => {
    expect(() => readConfig(testEnv({ DATABASE_URL: database.url, DEFAULT_CURRENCY: 'euro' }))).toThrow(/DEFAULT_CURRENCY/);
  });
});
