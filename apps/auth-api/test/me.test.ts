import { randomUUID } from 'node:crypto';

import { type CraftedToken, craftToken, validClaims } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { buildTestApp, me, register, uniqueEmail, useAuthApi } from './helper.js';

const api = useAuthApi();

async function registered() {
  const email = uniqueEmail();
  const { userId, accessToken } = (await register(api.app, email)).json();
  return { email, userId: userId as string, accessToken: accessToken as string };
}

describe('GET /auth/me', () => {
  it('answers the account of the token', async () => {
    const { email, userId, accessToken } = await registered();

    const res = await me(api.app, accessToken);
    expect(res.statusCode).toBe(200);
    const stored = await api.app.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(res.json()).toEqual({ userId, email, createdAt: stored.createdAt.toISOString() });
  });

  it('rejects a request without a token with 401', async () => {
    const res = await api.app.inject({ url: '/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('rejects a tampered token with 401', async () => {
    const { accessToken } = await registered();
    const [header, , signature] = accessToken.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: randomUUID(), iss: 'persona-lab-auth', aud: 'persona-lab' })).toString('base64url');

    const res = await me(api.app, `${header}.${payload}.${signature}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });

  it('rejects an expired token with 401 TOKEN_EXPIRED', async () => {
    const { userId } = await registered();
    const past = Math.floor(Date.now() / 1000) - 3600;

    const res = await me(api.app, craftToken({ claims: { sub: userId, iat: past - 60, exp: past } }));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it('rejects a token signed with another secret with 401', async () => {
    const { userId } = await registered();

    const res = await me(api.app, craftToken({ claims: { sub: userId }, secret: 'another-secret-that-is-at-least-32-characters' }));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });

  it('rejects a token with the "none" algorithm with 401', async () => {
    const { userId } = await registered();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: userId, iss: 'persona-lab-auth', aud: 'persona-lab' })}.`;

    expect((await me(api.app, token)).statusCode).toBe(401);
  });

  const unacceptable: [string, CraftedToken][] = [
    ['a header saying HS512', { header: { alg: 'HS512', typ: 'JWT' }, hmac: 'random' }],
    ['a header saying RS256', { header: { alg: 'RS256', typ: 'JWT' }, hmac: 'random' }],
    ['a header saying none', { header: { alg: 'none', typ: 'JWT' }, hmac: 'random' }],
    ['a header without alg', { header: { typ: 'JWT' } }],
    ['the payload "x"', { payload: 'x' }],
    ['the payload [1]', { payload: [1] }],
    ['the payload null', { payload: null }],
    ['the right secret but HS384', { header: { alg: 'HS384', typ: 'JWT' }, hmac: 'sha384' }],
    ['the right secret but HS512', { header: { alg: 'HS512', typ: 'JWT' }, hmac: 'sha512' }],
  ];

  it.each(unacceptable)('rejects a token with %s with 401 UNAUTHORIZED, not 500', async (_name, token) => {
    const { userId } = await registered();

    const res = await me(api.app, craftToken({ claims: { sub: userId }, ...token }));
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it.each(['iss', 'aud', 'exp', 'sub'])('rejects a correctly signed token without %s with 401 UNAUTHORIZED', async (claim) => {
    const { userId } = await registered();

    const res = await me(api.app, craftToken({ payload: validClaims({ sub: userId, [claim]: undefined }) }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('rejects a valid token whose account no longer exists with 401', async () => {
    const { userId, accessToken } = await registered();
    await api.app.db.user.delete({ where: { id: userId } });

    const res = await me(api.app, accessToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });

  it('rejects a valid token of a deactivated or soft-deleted account with 401', async () => {
    const inactive = await registered();
    const deleted = await registered();
    await api.app.db.user.update({ where: { id: inactive.userId }, data: { isActive: false } });
    await api.app.db.user.update({ where: { id: deleted.userId }, data: { deletedAt: new Date() } });

    expect((await me(api.app, inactive.accessToken)).statusCode).toBe(401);
    expect((await me(api.app, deleted.accessToken)).statusCode).toBe(401);
  });

  it('rejects a valid token whose subject is not a user id with 401', async () => {
    const res = await me(api.app, craftToken({ claims: { sub: 'not-a-uuid' } }));
    expect(res.statusCode).toBe(401);
  });
});

describe('service surface', () => {
  it('is ready when the database and Redis answer', async () => {
    const res = await api.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('guards /metrics with METRICS_TOKEN when it is set', async () => {
    const token = 'metrics-token-that-is-at-least-32-characters';
    const guarded = await buildTestApp(api.database.url, { METRICS_TOKEN: token });
    try {
      const refused = await guarded.inject({ url: '/metrics' });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      const served = await guarded.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(served.statusCode).toBe(200);
      expect(served.body).toContain('service="auth-api"');
    } finally {
      await guarded.close();
    }
  });

  it('documents the three routes with their problem responses in OpenAPI', async () => {
    const doc = (await api.app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/register', '/auth/login', '/auth/me']));
    expect(Object.keys(doc.paths['/auth/login'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    expect(Object.keys(doc.paths['/auth/register'].post.responses)).toEqual(expect.arrayContaining(['201', '409', '429']));
    expect(doc.paths['/auth/me'].get.security).toEqual([{ bearerAuth: [] }]);
  });
});
