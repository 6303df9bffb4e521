import { Writable } from 'node:stream';

import { TEST_SECRETS } from '@persona-lab/testing';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type App, authPlugin, createApp, Errors, problemResponses } from '../src/index.js';

const USER_1 = '11111111-1111-4111-8111-111111111111';
let app: App;

beforeAll(async () => {
  app = await createApp({ service: 'kit-test', logLevel: 'silent', bodyLimit: 1024 });
  await app.register(authPlugin, {
    jwtSecret: TEST_SECRETS.JWT_SECRET,
    issuer: 'iss',
    audience: 'aud',
    serviceToken: TEST_SECRETS.SERVICE_TOKEN,
  });
  app.post(
    '/things',
    {
      schema: {
        body: Type.Object({ name: Type.String({ maxLength: 5 }), count: Type.Integer() }, { additionalProperties: false }),
      },
    },
    async (request) => request.body,
  );
  app.get('/boom', async () => {
    throw new Error('secret database password in a stack');
  });
  app.get('/missing', { schema: { response: problemResponses(401, 404) } }, async () => {
    throw new Errors.NotFound('Thing not found');
  });
  app.get('/mine', { preHandler: app.authenticate }, async (request) => ({ userId: request.userId }));
  app.get('/internal', { preHandler: app.requireServiceToken }, async () => ({ ok: true }));
  await app.ready();
});
afterAll(() => app.close());

describe('service kit app', () => {
  it('answers a validation error as problem+json naming the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'too long', count: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, instance: res.headers['x-request-id'] });
    expect(body.errors[0].field).toBe('body/name');
  });

  it('rejects a wrong-typed field instead of coercing it', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a', count: '3' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body/count');
  });

  it('rejects an unknown field', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a', count: 3, admin: true } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({ field: 'body/admin', message: 'is not an allowed field' });
  });

  it('answers malformed JSON with MALFORMED_JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MALFORMED_JSON');
  });

  it('answers a body of another media type with UNSUPPORTED_MEDIA_TYPE, saying what to send', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/xml' }, payload: '<thing/>' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      title: 'Unsupported media type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: 'This Content-Type is not accepted; send application/json',
    });
  });

  it('answers an oversized body with PAYLOAD_TOO_LARGE', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x'.repeat(5000), count: 1 } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('hides the internals of an unexpected error', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred' });
    expect(res.body).not.toContain('secret');
  });

  it('keeps the code and message of a domain error', async () => {
    const res = await app.inject({ method: 'GET', url: '/missing' });
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'Thing not found' });
  });

  it('answers an unknown route with ROUTE_NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', detail: 'No route GET /nope' });
  });

  it('accepts a caller request id and echoes it', async () => {
    const res = await app.inject({ method: 'GET', url: '/missing', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.json().instance).toBe('abc-123');
  });

  it('replaces a malformed request id with a generated one', async () => {
    const res = await app.inject({ method: 'GET', url: '/missing', headers: { 'x-request-id': 'bad id <script>' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('verifies user tokens: valid, tampered, expired, wrong audience', async () => {
    const valid = app.jwt.sign({ sub: USER_1 });
    expect((await app.inject({ url: '/mine', headers: { authorization: `Bearer ${valid}` } })).json()).toEqual({ userId: USER_1 });

    const tampered = `${valid.slice(0, -3)}abc`;
    const res1 = await app.inject({ url: '/mine', headers: { authorization: `Bearer ${tampered}` } });
    expect(res1.statusCode).toBe(401);
    expect(res1.json().code).toBe('UNAUTHORIZED');

    const expired = app.jwt.sign({ sub: USER_1 }, { expiresIn: -10 } as never);
    const res2 = await app.inject({ url: '/mine', headers: { authorization: `Bearer ${expired}` } });
    expect(res2.json().code).toBe('TOKEN_EXPIRED');

    const otherAudience = app.jwt.sign({ sub: USER_1 }, { aud: 'someone-else' } as never);
    expect((await app.inject({ url: '/mine', headers: { authorization: `Bearer ${otherAudience}` } })).statusCode).toBe(401);

    const notAUserId = app.jwt.sign({ sub: 'admin' });
    const res3 = await app.inject({ url: '/mine', headers: { authorization: `Bearer ${notAUserId}` } });
    expect(res3.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });

    const none = await app.inject({ url: '/mine' });
    expect(none.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('guards internal routes with the service credential, not a user token', async () => {
    const userToken = app.jwt.sign({ sub: USER_1 });
    expect((await app.inject({ url: '/internal', headers: { authorization: `Bearer ${userToken}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/internal', headers: { 'x-service-token': 'wrong' } })).statusCode).toBe(401);
    const ok = await app.inject({ url: '/internal', headers: { 'x-service-token': TEST_SECRETS.SERVICE_TOKEN } });
    expect(ok.json()).toEqual({ ok: true });
  });

  it('serves health and an OpenAPI document built from the route schemas', async () => {
    expect((await app.inject({ url: '/health/live' })).json()).toEqual({ status: 'ok', service: 'kit-test' });
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    const doc = (await app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.paths['/things'].post.requestBody).toBeDefined();
    expect(doc.components.schemas.ProblemDetails).toBeDefined();
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };
    expect(doc.paths['/missing'].get.responses).toMatchObject({ 401: { content: problem }, 404: { content: problem } });
  });
});

describe('metrics', () => {
  it('exposes request latency by route pattern and status', async () => {
    await app.inject({ method: 'GET', url: '/missing' });
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/http_request_duration_seconds_count\{service="kit-test",method="GET",route="\/missing",status="404"\} [1-9]/);
  });
});

describe('readiness', () => {
  it('answers 503 naming the dependency that is down', async () => {
    const other = await createApp({ service: 'ready-test', logLevel: 'silent' });
    other.addReadinessCheck('database', async () => true);
    other.addReadinessCheck('broker', async () => {
      throw new Error('connection refused');
    });
    const res = await other.inject({ url: '/health/ready' });
    await other.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', checks: { database: 'up', broker: 'down' } });
  });
});

describe('a service that takes only the service credential', () => {
  it('refuses user tokens and accepts the credential', async () => {
    const gateway = await createApp({ service: 'credential-only', logLevel: 'silent' });
    await gateway.register(authPlugin, { serviceToken: TEST_SECRETS.SERVICE_TOKEN });
    gateway.get('/mine', { preHandler: gateway.authenticate }, async () => ({ ok: true }));
    gateway.get('/internal', { preHandler: gateway.requireServiceToken }, async () => ({ ok: true }));
    const user = await gateway.inject({ url: '/mine', headers: { authorization: 'Bearer anything' } });
    const service = await gateway.inject({ url: '/internal', headers: { 'x-service-token': TEST_SECRETS.SERVICE_TOKEN } });
    await gateway.close();
    expect(user.json()).toMatchObject({ status: 401, detail: 'This service accepts no user tokens' });
    expect(service.statusCode).toBe(200);
  });
});

describe('requestLogLevel debug', () => {
  /** An app logging at `logLevel` whose lines the test reads, with one route that answers and one that fails. */
  async function quietApp(logLevel: string) {
    const lines: { level: number; msg: string }[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const quiet = await createApp({ service: 'quiet-test', logLevel, logStream, requestLogLevel: 'debug' });
    quiet.get('/fine', async () => ({ ok: true }));
    quiet.get('/boom', async () => {
      throw new Error('broken');
    });
    return { app: quiet, lines };
  }
  const messages = (lines: { msg: string }[]) => lines.map((line) => line.msg);

  it('leaves the lines of an answered request out at info, and still explains a failed one', async () => {
    const { app: quiet, lines } = await quietApp('info');
    expect((await quiet.inject({ url: '/fine' })).statusCode).toBe(200);
    expect((await quiet.inject({ url: '/boom' })).statusCode).toBe(500);
    await quiet.close();
    expect(messages(lines)).not.toContain('incoming request');
    expect(messages(lines)).not.toContain('request completed');
    expect(lines.find((line) => line.msg === 'request failed')?.level).toBe(50);
  });

  it('writes them at debug', async () => {
    const { app: quiet, lines } = await quietApp('debug');
    await quiet.inject({ url: '/fine' });
    await quiet.close();
    const levels = lines.filter((line) => ['incoming request', 'request completed'].includes(line.msg)).map((line) => line.level);
    expect(levels).toEqual([20, 20]);
  });
});

describe('a service without a service credential configured', () => {
  it('refuses its internal routes whatever credential is sent', async () => {
    const service = await createApp({ service: 'no-credential', logLevel: 'silent' });
    await service.register(authPlugin, {});
    service.get('/internal', { preHandler: service.requireServiceToken }, async () => ({ ok: true }));
    const empty = await service.inject({ url: '/internal', headers: { 'x-service-token': '' } });
    const some = await service.inject({ url: '/internal', headers: { 'x-service-token': TEST_SECRETS.SERVICE_TOKEN } });
    await service.close();
    expect([empty.statusCode, some.statusCode]).toEqual([401, 401]);
  });
});

describe('route schemas', () => {
  it("are compiled at a route's first request, not at start-up", async () => {
    const lazy = await createApp({ service: 'kit-test', logLevel: 'silent' });
    // Neither of these schemas compiles (the $ref resolves to nothing): compiled at start-up, ready() rejected.
    lazy.post('/broken', { schema: { body: { $ref: 'Missing#' } } }, async () => ({}));
    lazy.get('/broken', { schema: { response: { 200: { $ref: 'Missing#' } } } }, async () => ({}));
    lazy.get(
      '/count',
      { schema: { querystring: Type.Object({ n: Type.Integer({ default: 2 }) }), response: { 200: Type.Object({ n: Type.Integer() }) } } },
      async (request) => ({ n: request.query.n, extra: true }),
    );
    await lazy.ready();
    try {
      expect((await lazy.inject({ url: '/count?n=3' })).json()).toEqual({ n: 3 });
      expect((await lazy.inject({ url: '/count' })).json()).toEqual({ n: 2 });
      expect((await lazy.inject({ url: '/count?n=x' })).json().errors[0].field).toBe('querystring/n');
      expect((await lazy.inject({ method: 'POST', url: '/broken', payload: {} })).json()).toMatchObject({
        status: 500,
        code: 'INTERNAL_ERROR',
      });
      expect((await lazy.inject({ url: '/broken' })).json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    } finally {
      await lazy.close();
    }
  });
});
