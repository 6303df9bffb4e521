// What `authenticate` does with every bearer token a stranger can send: anything not issued by the
// platform is 401 problem+json, logged as a rejected request, never a 500.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

import { type CraftedToken, craftToken, TEST_SECRETS, testEnv, validClaims } from '@persona-lab/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type App, authPlugin, createApp, isTokenRevoked, redisPlugin, revokeToken } from '../src/index.js';

const USER = '11111111-1111-4111-8111-111111111111';
let app: App;
let logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  app = await createApp({ service: 'auth-test', logLevel: 'info', logStream });
  await app.register(authPlugin, { jwtSecret: TEST_SECRETS.JWT_SECRET, issuer: 'persona-lab-auth', audience: 'persona-lab' });
  app.get('/mine', { preHandler: app.authenticate }, async (request) => ({ userId: request.userId }));
  app.get('/verifies-itself', async (request) => {
    await request.jwtVerify();
    return { ok: true };
  });
  await app.ready();
});
afterAll(() => app.close());
beforeEach(() => {
  logLines = [];
});

const asUser = (token: string) => app.inject({ url: '/mine', headers: { authorization: `Bearer ${token}` } });

/** The request's "request rejected" line and whether anything was logged at error or above. */
function rejectionLogged() {
  return {
    rejected: logLines.filter((line) => line.msg === 'request rejected').map(({ level, code, status }) => ({ level, code, status })),
    errors: logLines.filter((line) => typeof line.level === 'number' && line.level >= 50),
  };
}

async function expectRejected(token: string, code = 'UNAUTHORIZED') {
  const res = await asUser(token);
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 401, code, instance: res.headers['x-request-id'] });
  expect(rejectionLogged()).toEqual({ rejected: [{ level: 30, code, status: 401 }], errors: [] });
}

describe('authenticate', () => {
  it('accepts a token of the platform and sets the user id', async () => {
    const res = await asUser(craftToken({ claims: { sub: USER } }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ userId: USER });
  });

  const strangeTokens: [string, CraftedToken][] = [
    ['a header saying HS512, signed with another key', { header: { alg: 'HS512', typ: 'JWT' }, hmac: 'random' }],
    ['a header saying RS256', { header: { alg: 'RS256', typ: 'JWT' }, hmac: 'random' }],
    ['a header saying none, with a signature', { header: { alg: 'none', typ: 'JWT' }, hmac: 'random' }],
    ['a header saying none, without a signature', { header: { alg: 'none', typ: 'JWT' }, hmac: 'none' }],
    ['a header without alg', { header: { typ: 'JWT' } }],
    ['a header that is not an object', { header: 'HS256' }],
    ['the JSON string "x" as payload', { payload: 'x' }],
    ['the JSON array [1] as payload', { payload: [1] }],
    ['the JSON null as payload', { payload: null }],
    ['a not-before time in the future', { claims: { sub: USER, nbf: Math.floor(Date.now() / 1000) + 600 } }],
    ['an issuer that is a number', { claims: { sub: USER, iss: 42 } }],
  ];

  it.each(strangeTokens)('answers 401 UNAUTHORIZED, logged at info, to a token with %s', async (_name, token) => {
    await expectRejected(craftToken({ claims: { sub: USER }, ...token }));
  });

  it.each([['not a token at all'], ['a.b.c'], ['..'], ['é.é.é']])(
    'answers 401 UNAUTHORIZED, logged at info, to the bearer value %j',
    async (token) => {
      await expectRejected(token);
    },
  );

  it.each(['iss', 'aud', 'exp', 'sub'])('answers 401 UNAUTHORIZED to a correctly signed token without %s', async (claim) => {
    const token = craftToken({ payload: validClaims({ sub: USER, [claim]: undefined }) });
    await expectRejected(token);
  });

  it.each(['sha384', 'sha512'] as const)('refuses a token signed with the right secret but %s', async (hmac) => {
    const alg = `HS${hmac.slice(3)}`;
    await expectRejected(craftToken({ header: { alg, typ: 'JWT' }, hmac, claims: { sub: USER } }));
  });

  it('answers an expired token with 401 TOKEN_EXPIRED, logged at info', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    await expectRejected(craftToken({ claims: { sub: USER, iat: past - 600, exp: past } }), 'TOKEN_EXPIRED');
  });

  it('answers 401 UNAUTHORIZED, logged at info, on a route that verifies a malformed token itself', async () => {
    const res = await app.inject({ url: '/verifies-itself', headers: { authorization: `Bearer ${craftToken({ payload: 'x' })}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(rejectionLogged()).toEqual({ rejected: [{ level: 30, code: 'UNAUTHORIZED', status: 401 }], errors: [] });
  });

  it('signs tokens that expire even when the caller gives no lifetime', () => {
    const claims = app.jwt.decode<{ exp?: number; iat: number }>(app.jwt.sign({ sub: USER }));
    expect(claims?.exp).toBeGreaterThan(claims!.iat);
  });
});

describe('authenticate with the deny-list of signed-out tokens', () => {
  let guarded: App;
  const redisUrl = testEnv().REDIS_URL ?? 'redis://127.0.0.1:6379';

  async function guardedApp(url: string): Promise<App> {
    const built = await createApp({ service: 'auth-revocation-test', logLevel: 'silent' });
    await built.register(redisPlugin, { url });
    await built.register(authPlugin, {
      jwtSecret: TEST_SECRETS.JWT_SECRET,
      issuer: 'persona-lab-auth',
      audience: 'persona-lab',
      checkRevocations: true,
    });
    built.get('/mine', { preHandler: built.authenticate }, async (request) => ({ userId: request.userId }));
    await built.ready();
    return built;
  }
  const call = (on: App, token: string) => on.inject({ url: '/mine', headers: { authorization: `Bearer ${token}` } });
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  beforeAll(async () => {
    guarded = await guardedApp(redisUrl);
  });
  afterAll(() => guarded.close());

  it('refuses a revoked token with 401 TOKEN_REVOKED and accepts another token of the same user', async () => {
    const revoked = randomUUID();
    await revokeToken(guarded.redis, revoked, inAnHour());

    const refused = await call(guarded, craftToken({ claims: { sub: USER, jti: revoked } }));
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
    expect((await call(guarded, craftToken({ claims: { sub: USER, jti: randomUUID() } }))).json()).toEqual({ userId: USER });
    expect((await call(guarded, craftToken({ claims: { sub: USER } }))).statusCode).toBe(200);
  });

  it('lists nothing for a token that has already expired', async () => {
    const tokenId = randomUUID();
    await revokeToken(guarded.redis, tokenId, Math.floor(Date.now() / 1000) - 1);
    expect(await isTokenRevoked(guarded.redis, tokenId)).toBe(false);
  });

  it('answers 503 rather than let a token through when Redis cannot say', async () => {
    const blind = await guardedApp('redis://127.0.0.1:1');
    try {
      const res = await call(blind, craftToken({ claims: { sub: USER, jti: randomUUID() } }));
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await blind.close();
    }
  });

  it('refuses to start without the Redis plugin', async () => {
    const bare = await createApp({ service: 'auth-revocation-test', logLevel: 'silent' });
    await expect(
      bare.register(authPlugin, { jwtSecret: TEST_SECRETS.JWT_SECRET, checkRevocations: true }).then(() => bare.ready()),
    ).rejects.toThrow(/needs the Redis plugin/);
    await bare.close().catch(() => {});
  });
});
