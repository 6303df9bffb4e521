import type { App } from '@persona-lab/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp, login, PASSWORD, register, uniqueEmail, uniqueIp, useAuthApi } from './helper.js';

const api = useAuthApi();

describe('POST /auth/register', () => {
  it('creates an account and answers 201 with a bearer token for it', async () => {
    const email = uniqueEmail();
    const res = await register(api.app, email);

    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(body.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.app.jwt.verify<{ sub: string }>(body.accessToken).sub).toBe(body.userId);
    const stored = await api.app.db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.id).toBe(body.userId);
  });

  it('stores an argon2id hash with at least the OWASP parameters, never the password', async () => {
    const email = uniqueEmail();
    await register(api.app, email);

    const stored = await api.app.db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.passwordHash).not.toContain(PASSWORD);
  });

  it('stores the email trimmed and lower-cased, and signs in with either spelling', async () => {
    const local = uniqueEmail('Foo');
    const res = await register(api.app, `  ${local.toUpperCase()}  `);

    expect(res.statusCode).toBe(201);
    const stored = await api.app.db.user.findUniqueOrThrow({ where: { id: res.json().userId } });
    expect(stored.email).toBe(local.toLowerCase());
    expect((await login(api.app, local.toLowerCase())).statusCode).toBe(200);
    expect((await login(api.app, ` ${local.toUpperCase()} `)).statusCode).toBe(200);
  });

  it('rejects a second registration with the same email, in any case, with 409 EMAIL_ALREADY_EXISTS', async () => {
    const email = uniqueEmail();
    await register(api.app, email);

    const res = await register(api.app, email.toUpperCase(), 'another-password');
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 409, code: 'EMAIL_ALREADY_EXISTS', instance: res.headers['x-request-id'] });
    expect(await api.app.db.user.count({ where: { email } })).toBe(1);
  });

  it('lets exactly one of ten concurrent registrations of one email succeed', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(Array.from({ length: 10 }, () => register(api.app, email)));

    const statuses = responses.map((res) => res.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    expect(responses.filter((res) => res.statusCode === 409).every((res) => res.json().code === 'EMAIL_ALREADY_EXISTS')).toBe(true);
    expect(await api.app.db.user.count({ where: { email } })).toBe(1);
  });
});

describe('POST /auth/register input', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a password shorter than 8 characters', { email: 'short@example.com', password: 'seven77' }, 'body/password'],
    ['a password longer than 128 characters', { email: 'long@example.com', password: 'x'.repeat(129) }, 'body/password'],
    ['an invalid email', { email: 'not-an-email', password: PASSWORD }, 'body/email'],
    ['an email longer than 254 characters', { email: `${'a'.repeat(250)}@example.com`, password: PASSWORD }, 'body/email'],
    ['a number as password', { email: 'typed@example.com', password: 12345678 }, 'body/password'],
    ['an object as email', { email: { $ne: '' }, password: PASSWORD }, 'body/email'],
    ['a missing password', { email: 'missing@example.com' }, 'body/password'],
    ['an extra field', { email: 'extra@example.com', password: PASSWORD, isAdmin: true }, 'body/isAdmin'],
  ];

  it.each(cases)('rejects %s with 400 VALIDATION_FAILED naming the field', async (_name, payload, field) => {
    const before = await api.app.db.user.count();
    const res = await api.app.inject({ method: 'POST', url: '/auth/register', payload });

    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await api.app.db.user.count()).toBe(before);
  });

  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@example.com", "password": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('rejects a body over 16 KiB with 413 PAYLOAD_TOO_LARGE before hashing anything', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: 'big@example.com', password: 'x'.repeat(20_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await api.app.db.user.count({ where: { email: 'big@example.com' } })).toBe(0);
  });

  it('rejects a form-like text body with 400 VALIDATION_FAILED', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/auth/register',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=a@example.com',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body', message: 'must be object' }] });
  });
});

describe('registrations per client address', () => {
  const LIMIT = 3;
  const WINDOW_SECONDS = 1800;
  let limited: App;
  beforeAll(async () => {
    limited = await buildTestApp(api.database.url, { REGISTER_IP_MAX: String(LIMIT), REGISTER_IP_WINDOW_SECONDS: String(WINDOW_SECONDS) });
  });
  afterAll(() => limited?.close());

  it(`accepts ${LIMIT} registrations from one address, answers the next with 429 QUOTA_EXCEEDED and Retry-After, and stores nothing`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < LIMIT; i++) expect((await register(limited, uniqueEmail('bulk'), PASSWORD, ip)).statusCode).toBe(201);

    const email = uniqueEmail('bulk');
    const res = await register(limited, email, PASSWORD, ip);
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 429,
      code: 'QUOTA_EXCEEDED',
      limit: 'registrations-per-address',
      instance: res.headers['x-request-id'],
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(await limited.db.user.count({ where: { email } })).toBe(0);
  });

  it('still accepts a registration from another address while one is over the limit', async () => {
    const ip = uniqueIp();
    for (let i = 0; i <= LIMIT; i++) await register(limited, uniqueEmail('bulk'), PASSWORD, ip);
    expect((await register(limited, uniqueEmail('bulk'), PASSWORD, ip)).statusCode).toBe(429);

    const email = uniqueEmail('neighbour');
    const res = await register(limited, email, PASSWORD, uniqueIp());
    expect(res.statusCode).toBe(201);
    expect(await limited.db.user.count({ where: { email } })).toBe(1);
  });

  it('counts a registration of an email that already exists', async () => {
    const ip = uniqueIp();
    const email = uniqueEmail('taken');
    expect((await register(limited, email, PASSWORD, ip)).statusCode).toBe(201);
    for (let i = 1; i < LIMIT; i++) expect((await register(limited, email, PASSWORD, ip)).statusCode).toBe(409);
    expect((await register(limited, uniqueEmail('fresh'), PASSWORD, ip)).statusCode).toBe(429);
  });

  it('shares the count between instances through Redis', async () => {
    const namespace = `shared-register-${Date.now().toString(36)}`;
    const limits = { LOGIN_LIMIT_NAMESPACE: namespace, REGISTER_IP_MAX: '2' };
    const [first, second] = await Promise.all([buildTestApp(api.database.url, limits), buildTestApp(api.database.url, limits)]);
    try {
      const ip = uniqueIp();
      expect((await register(first, uniqueEmail(), PASSWORD, ip)).statusCode).toBe(201);
      expect((await register(second, uniqueEmail(), PASSWORD, ip)).statusCode).toBe(201);
      expect((await register(first, uniqueEmail(), PASSWORD, ip)).statusCode).toBe(429);
      expect((await register(second, uniqueEmail(), PASSWORD, ip)).statusCode).toBe(429);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
