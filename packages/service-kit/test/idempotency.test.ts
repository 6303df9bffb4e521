import { randomUUID } from 'node:crypto';

import { TEST_SECRETS, testEnv } from '@persona-lab/testing';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type App, authPlugin, createApp, idempotencyPlugin, redisPlugin } from '../src/index.js';

const USER_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const USER_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
let app: App;
let executions = 0;
let release: (() => void) | undefined;
const prefix = `test-idem-${randomUUID()}`;

beforeAll(async () => {
  app = await createApp({ service: 'idem-test', logLevel: 'silent' });
  await app.register(authPlugin, { jwtSecret: TEST_SECRETS.JWT_SECRET, issuer: 'i', audience: 'a' });
  await app.register(redisPlugin, { url: testEnv().REDIS_URL! });
  await app.register(idempotencyPlugin, { keyPrefix: prefix, ttlSeconds: 60 });
  app.post(
    '/orders',
    {
      preHandler: [app.authenticate, app.idempotent],
      schema: { body: Type.Object({ item: Type.String(), slow: Type.Optional(Type.Boolean()), fail: Type.Optional(Type.Boolean()) }) },
    },
    async (request, reply) => {
      executions += 1;
      if (request.body.slow) await new Promise<void>((resolve) => (release = resolve));
      if (request.body.fail) throw new Error('database fell over');
      return reply.status(202).send({ orderId: randomUUID(), item: request.body.item, execution: executions });
    },
  );
  await app.ready();
});
afterAll(async () => {
  const keys = await app.redis.keys(`${prefix}:*`);
  if (keys.length) await app.redis.del(...keys);
  await app.close();
});

const tokenOf = (user: string) => `Bearer ${app.jwt.sign({ sub: user })}`;
const order = (key: string, body: object, user = USER_A) =>
  app.inject({ method: 'POST', url: '/orders', headers: { authorization: tokenOf(user), 'idempotency-key': key }, payload: body });

describe('Idempotency-Key', () => {
  it('runs a repeated request once and replays the first response', async () => {
    const key = randomUUID();
    const before = executions;
    const first = await order(key, { item: 'tea' });
    const second = await order(key, { item: 'tea' });
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(executions - before).toBe(1);
  });

  it('answers 409 to a repeat while the first is still running', async () => {
    const key = randomUUID();
    const first = order(key, { item: 'slow', slow: true });
    await new Promise<void>((resolve) => {
      const check = () => (release ? resolve() : setImmediate(check));
      check();
    });
    const second = await order(key, { item: 'slow', slow: true });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('IDEMPOTENCY_IN_FLIGHT');
    release!();
    release = undefined;
    expect((await first).statusCode).toBe(202);
  });

  it('answers 422 when the same key comes with a different body', async () => {
    const key = randomUUID();
    await order(key, { item: 'tea' });
    const other = await order(key, { item: 'coffee' });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('scopes keys per user', async () => {
    const key = randomUUID();
    const a = await order(key, { item: 'tea' }, USER_A);
    const b = await order(key, { item: 'tea' }, USER_B);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().orderId).not.toBe(a.json().orderId);
  });

  it('releases the key after a server error so the client can retry', async () => {
    const key = randomUUID();
    const before = executions;
    expect((await order(key, { item: 'x', fail: true })).statusCode).toBe(500);
    expect((await order(key, { item: 'x', fail: true })).statusCode).toBe(500);
    expect(executions - before).toBe(2);
  });

  it('rejects a malformed key', async () => {
    const res = await order('has spaces in it', { item: 'tea' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
