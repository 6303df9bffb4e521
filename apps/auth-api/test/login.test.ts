import type { App } from '@persona-lab/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp, login, PASSWORD, register, uniqueEmail, uniqueIp, useAuthApi } from './helper.js';

const IP_MAX_ATTEMPTS = 6;
const EMAIL_IP_MAX_FAILURES = 3;
const EMAIL_IP_WINDOW_SECONDS = 300;
const EMAIL_MAX_FAILURES = 8;
const EMAIL_WINDOW_SECONDS = 600;

const api = useAuthApi({
  LOGIN_IP_MAX_ATTEMPTS: String(IP_MAX_ATTEMPTS),
  LOGIN_EMAIL_IP_MAX_FAILURES: String(EMAIL_IP_MAX_FAILURES),
  LOGIN_EMAIL_IP_WINDOW_SECONDS: String(EMAIL_IP_WINDOW_SECONDS),
  LOGIN_EMAIL_MAX_FAILURES: String(EMAIL_MAX_FAILURES),
  LOGIN_EMAIL_WINDOW_SECONDS: String(EMAIL_WINDOW_SECONDS),
});

const withoutInstance = (body: Record<string, unknown>) => ({ ...body, instance: undefined });

describe('POST /auth/login', () => {
  it('answers 200 with a token for the account', async () => {
    const email = uniqueEmail();
    const userId = (await register(api.app, email)).json().userId;

    const res = await login(api.app, email);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ userId, tokenType: 'Bearer', expiresIn: 3600 });
    expect(api.app.jwt.verify<{ sub: string }>(body.accessToken).sub).toBe(userId);
  });

  it('signs in " Foo@Example.COM " as foo@example.com', async () => {
    const email = uniqueEmail('foo');
    const userId = (await register(api.app, email)).json().userId;

    const res = await login(api.app, `  ${email.replace('foo', 'Foo').replace('example.com', 'Example.COM')} `);
    expect(res.statusCode).toBe(200);
    expect(res.json().userId).toBe(userId);
  });

  it('answers a wrong password, an unknown email and an inactive or deleted account with the same 401', async () => {
    const known = uniqueEmail('known');
    const inactive = uniqueEmail('inactive');
    const deleted = uniqueEmail('deleted');
    for (const email of [known, inactive, deleted]) await register(api.app, email);
    await api.app.db.user.update({ where: { email: inactive }, data: { isActive: false } });
    await api.app.db.user.update({ where: { email: deleted }, data: { deletedAt: new Date() } });

    const responses = [
      await login(api.app, known, 'not-the-password'),
      await login(api.app, uniqueEmail('nobody')),
      await login(api.app, inactive),
      await login(api.app, deleted),
    ];

    for (const res of responses) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const bodies = responses.map((res) => withoutInstance(res.json()));
    expect(bodies[0]).toEqual({
      type: 'https://persona-lab.dev/problems/invalid-credentials',
      title: 'Invalid credentials',
      status: 401,
      detail: 'The email or password is wrong',
      code: 'INVALID_CREDENTIALS',
      instance: undefined,
    });
    for (const body of bodies) expect(body).toEqual(bodies[0]);
  });

  it('accepts a short wrong password as a failed login, not a validation error', async () => {
    const email = uniqueEmail();
    await register(api.app, email);
    expect((await login(api.app, email, 'x')).statusCode).toBe(401);
  });

  it('rejects an extra field with 400 VALIDATION_FAILED naming it', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: uniqueEmail(), password: PASSWORD, remember: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'body/remember', message: 'is not an allowed field' }]);
  });
});

describe('login rate limits', () => {
  it(`answers 429 with Retry-After after ${EMAIL_IP_MAX_FAILURES} failures of an email from one IP, even to the right password`, async () => {
    const email = uniqueEmail('victim');
    const attacker = uniqueIp();
    await register(api.app, email);
    for (let i = 0; i < EMAIL_IP_MAX_FAILURES; i++) {
      expect((await login(api.app, email, 'wrong-password', attacker)).statusCode).toBe(401);
    }

    const res = await login(api.app, email, PASSWORD, attacker);
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(EMAIL_IP_WINDOW_SECONDS);
  });

  it("signs the owner in from another IP while the attacker's IP is throttled for the email", async () => {
    const email = uniqueEmail('owner');
    const attacker = uniqueIp();
    const userId = (await register(api.app, email)).json().userId;
    for (let i = 0; i < EMAIL_IP_MAX_FAILURES; i++) await login(api.app, email, 'wrong-password', attacker);
    expect((await login(api.app, email, 'wrong-password', attacker)).statusCode).toBe(429);

    const owner = await login(api.app, email, PASSWORD, uniqueIp());
    expect(owner.statusCode).toBe(200);
    expect(owner.json().userId).toBe(userId);
    // The owner's success elsewhere forgives nothing of the attacker's address.
    expect((await login(api.app, email, PASSWORD, attacker)).statusCode).toBe(429);
  });

  it(`answers 429 with Retry-After once an email has ${EMAIL_MAX_FAILURES} failures across IPs, even to the right password`, async () => {
    const email = uniqueEmail('sprayed');
    await register(api.app, email);
    for (let i = 0; i < EMAIL_MAX_FAILURES; i++) {
      expect((await login(api.app, email, 'wrong-password', uniqueIp())).statusCode).toBe(401);
    }

    const res = await login(api.app, email, PASSWORD, uniqueIp());
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(EMAIL_IP_WINDOW_SECONDS);
    expect(retryAfter).toBeLessThanOrEqual(EMAIL_WINDOW_SECONDS);
  });

  it("counts no successful login against the email's ceiling", async () => {
    const email = uniqueEmail('busy');
    await register(api.app, email);
    for (let i = 0; i < EMAIL_MAX_FAILURES - 1; i++) await login(api.app, email, 'wrong-password', uniqueIp());
    for (let i = 0; i < 3; i++) expect((await login(api.app, email, PASSWORD, uniqueIp())).statusCode).toBe(200);

    expect((await login(api.app, email, 'wrong-password', uniqueIp())).statusCode).toBe(401);
    expect((await login(api.app, email, PASSWORD, uniqueIp())).statusCode).toBe(429);
  });

  it('limits an unknown email exactly like a known one', async () => {
    const email = uniqueEmail('ghost');
    const ip = uniqueIp();
    for (let i = 0; i < EMAIL_IP_MAX_FAILURES; i++) expect((await login(api.app, email, PASSWORD, ip)).statusCode).toBe(401);
    expect((await login(api.app, email, PASSWORD, ip)).statusCode).toBe(429);
  });

  it('forgives earlier failures of an email from an IP after a successful login from it', async () => {
    const email = uniqueEmail();
    const ip = uniqueIp();
    await register(api.app, email);
    for (let i = 0; i < EMAIL_IP_MAX_FAILURES - 1; i++) await login(api.app, email, 'wrong-password', ip);
    expect((await login(api.app, email, PASSWORD, ip)).statusCode).toBe(200);

    for (let i = 0; i < EMAIL_IP_MAX_FAILURES - 1; i++) {
      expect((await login(api.app, email, 'wrong-password', ip)).statusCode).toBe(401);
    }
    expect((await login(api.app, email, PASSWORD, ip)).statusCode).toBe(200);
  });

  it(`answers 429 with Retry-After after ${IP_MAX_ATTEMPTS} attempts from one IP, whatever the emails`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < IP_MAX_ATTEMPTS; i++) {
      expect((await login(api.app, uniqueEmail('spray'), PASSWORD, ip)).statusCode).toBe(401);
    }

    const res = await login(api.app, uniqueEmail('spray'), PASSWORD, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(api.app, uniqueEmail('spray'), PASSWORD, uniqueIp())).statusCode).toBe(401);
  });

  it('behind a proxy, throttles the address in X-Forwarded-For, not the proxy', async () => {
    const proxied = await buildTestApp(api.database.url, { TRUST_PROXY: 'true', LOGIN_EMAIL_IP_MAX_FAILURES: '2' });
    const proxy = uniqueIp();
    const through = (email: string, password: string, client: string) =>
      proxied.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email, password },
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': client },
      });
    try {
      const email = uniqueEmail('proxied');
      await register(proxied, email);
      const attacker = '203.0.113.7';
      expect((await through(email, 'wrong-password', attacker)).statusCode).toBe(401);
      expect((await through(email, 'wrong-password', attacker)).statusCode).toBe(401);
      expect((await through(email, PASSWORD, attacker)).statusCode).toBe(429);
      expect((await through(email, PASSWORD, '198.51.100.20')).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('shares the counters between instances through Redis', async () => {
    const namespace = `shared-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const limits = { LOGIN_LIMIT_NAMESPACE: namespace, LOGIN_EMAIL_IP_MAX_FAILURES: '2' };
    const first = await buildTestApp(api.database.url, limits);
    const second = await buildTestApp(api.database.url, limits);
    try {
      const email = uniqueEmail('shared');
      const ip = uniqueIp();
      expect((await login(first, email, PASSWORD, ip)).statusCode).toBe(401);
      expect((await login(second, email, PASSWORD, ip)).statusCode).toBe(401);
      expect((await login(first, email, PASSWORD, ip)).statusCode).toBe(429);
      expect((await login(second, email, PASSWORD, ip)).statusCode).toBe(429);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

describe('login while Redis is unreachable', () => {
  let offline: App;
  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails.
    offline = await buildTestApp(api.database.url, {
      REDIS_URL: 'redis://127.0.0.1:1',
      LOGIN_EMAIL_IP_MAX_FAILURES: '2',
      LOGIN_EMAIL_MAX_FAILURES: '2',
    });
  });
  afterAll(() => offline?.close());

  it('still signs users in', async () => {
    const email = uniqueEmail();
    await register(offline, email);
    expect((await login(offline, email)).statusCode).toBe(200);
  });

  it('still limits failures, counted in the instance', async () => {
    const email = uniqueEmail();
    expect((await login(offline, email, 'wrong-password')).statusCode).toBe(401);
    expect((await login(offline, email, 'wrong-password')).statusCode).toBe(401);
    expect((await login(offline, email, 'wrong-password')).statusCode).toBe(429);
  });

  it('reports not ready, naming redis', async () => {
    const res = await offline.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toEqual({ database: 'up', redis: 'down' });
  });
});
