// The shared call path against a real HTTP server: what every call sends, and how each failure is classified.
import { type FakeService, freePort, problemBody, rejectionOf, type ScriptedAnswer, startFakeService } from '@persona-lab/testing';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { afterEach, describe, expect, it } from 'vitest';

import { type CallFailure, createInternalHttp, type InternalHttpOptions } from '../src/index.js';

class TestCallError extends Error {
  constructor(readonly failure: CallFailure) {
    super(failure.message);
  }
}

const Answer = Compile(Type.Object({ ok: Type.Boolean() }));
let server: FakeService | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function httpAgainst(script: ScriptedAnswer[], options: Partial<InternalHttpOptions<TestCallError>> = {}) {
  server = await startFakeService(script);
  return createInternalHttp({
    service: 'test-service',
    baseUrl: server.baseUrl,
    serviceToken: 'service-secret',
    timeoutMs: 5_000,
    toError: (failure) => new TestCallError(failure),
    ...options,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<CallFailure> {
  return (await rejectionOf(promise, TestCallError)).failure;
}

describe('a call', () => {
  it('sends the service credential, the request id and the JSON body, and returns the checked answer', async () => {
    const http = await httpAgainst([{ status: 200, body: { ok: true } }]);
    await expect(http.post('/internal/thing', { a: 1 }, Answer, { requestId: 'req-7' })).resolves.toEqual({ ok: true });
    expect(server!.received).toMatchObject([
      { method: 'POST', url: '/internal/thing', body: { a: 1 }, headers: { 'x-service-token': 'service-secret', 'x-request-id': 'req-7' } },
    ]);
  });

  it('sends no request id header when the caller has none', async () => {
    const http = await httpAgainst([{ status: 200, body: { ok: true } }]);
    await http.post('thing', {}, Answer);
    expect(server!.received[0]!.headers['x-request-id']).toBeUndefined();
  });
});

describe('failures with an answer', () => {
  it('take the code, detail, retry hint and request id of a problem+json answer', async () => {
    const http = await httpAgainst([
      {
        status: 503,
        body: problemBody(503, 'SERVICE_UNAVAILABLE', 'down for a moment'),
        headers: { 'retry-after': '7', 'x-request-id': 'req-1' },
      },
    ]);
    expect(await failureOf(http.post('thing', {}, Answer))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'down for a moment',
      retryable: true,
      status: 503,
      retryAfterSeconds: 7,
      requestId: 'req-1',
    });
  });

  it('call a 4xx not retryable and keep its headers for the client', async () => {
    const http = await httpAgainst([
      { status: 400, body: problemBody(400, 'VALIDATION_FAILED', 'bad audience'), headers: { 'x-extra': 'yes' } },
    ]);
    const failure = await failureOf(http.post('thing', {}, Answer));
    expect(failure).toMatchObject({ code: 'VALIDATION_FAILED', message: 'bad audience', retryable: false, status: 400 });
    expect(failure.headers['x-extra']).toBe('yes');
  });

  it('fall back to the status when the body is not problem+json', async () => {
    const http = await httpAgainst([{ status: 504, body: '<html>gateway timeout</html>' }]);
    expect(await failureOf(http.post('thing', {}, Answer))).toMatchObject({
      code: 'HTTP_504',
      message: 'test-service answered HTTP 504',
      retryable: true,
    });
  });

  it('call a 2xx answer outside the contract INVALID_RESPONSE, not retryable, naming the field', async () => {
    const http = await httpAgainst([{ status: 200, body: { ok: 'yes' } }]);
    const failure = await failureOf(http.post('thing', {}, Answer, { requestId: 'req-2' }));
    expect(failure).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false, status: 200, requestId: 'req-2' });
    expect(failure.message).toMatch(/^The test-service answered outside its contract: \/ok /);
  });

  it('call a 2xx answer that is not JSON INVALID_RESPONSE', async () => {
    const http = await httpAgainst([{ status: 200, body: 'hello' }]);
    expect(await failureOf(http.post('thing', {}, Answer))).toMatchObject({
      code: 'INVALID_RESPONSE',
      message: 'The test-service answered outside its contract: not JSON',
    });
  });
});

describe('retries', () => {
  it('are off by default: one 503 is the answer', async () => {
    const http = await httpAgainst([{ status: 503 }, { status: 200, body: { ok: true } }]);
    expect(await failureOf(http.post('thing', {}, Answer))).toMatchObject({ code: 'HTTP_503', retryable: true });
    expect(server!.received).toHaveLength(1);
  });

  it('repeat a POST on the configured statuses until an answer is good', async () => {
    const http = await httpAgainst([{ status: 503 }, { status: 200, body: { ok: true } }], { retry: { limit: 2, statusCodes: [503] } });
    await expect(http.post('thing', {}, Answer, { requestId: 'req-3' })).resolves.toEqual({ ok: true });
    expect(server!.received.map((r) => r.headers['x-request-id'])).toEqual(['req-3', 'req-3']);
  });

  it('give up after the limit with the last failure', async () => {
    const http = await httpAgainst([{ status: 502 }], { retry: { limit: 1, statusCodes: [502] } });
    expect(await failureOf(http.post('thing', {}, Answer))).toMatchObject({ code: 'HTTP_502', status: 502 });
    expect(server!.received).toHaveLength(2);
  });

  it('repeat a call that timed out, when retries are on', async () => {
    const http = await httpAgainst(
      [
        { status: 200, hang: true },
        { status: 200, body: { ok: true } },
      ],
      {
        timeoutMs: 200,
        retry: { limit: 1, statusCodes: [503] },
      },
    );
    await expect(http.post('thing', {}, Answer)).resolves.toEqual({ ok: true });
    expect(server!.received).toHaveLength(2);
  });

  it('wait at least what Retry-After asks before the next attempt', async () => {
    const http = await httpAgainst(
      [
        { status: 503, headers: { 'retry-after': '2' } },
        { status: 200, body: { ok: true } },
      ],
      {
        retry: { limit: 1, statusCodes: [503] },
      },
    );
    const started = Date.now();
    await expect(http.post('thing', {}, Answer)).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('stop waiting for the next attempt when the caller aborts', async () => {
    const http = await httpAgainst([{ status: 503 }, { status: 200, body: { ok: true } }], { retry: { limit: 2, statusCodes: [503] } });
    const controller = new AbortController();
    const call = http.post('thing', {}, Answer, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect(await failureOf(call)).toMatchObject({ code: 'ABORTED', retryable: false });
    expect(server!.received).toHaveLength(1);
  });

  it('never repeat a status that is not configured', async () => {
    const http = await httpAgainst([{ status: 500 }], { retry: { limit: 2, statusCodes: [502] } });
    expect(await failureOf(http.post('thing', {}, Answer))).toMatchObject({ code: 'HTTP_500', retryable: false });
    expect(server!.received).toHaveLength(1);
  });
});

describe('failures without an answer', () => {
  it('call an unreachable service a retryable network error', async () => {
    const port = await freePort();
    const http = createInternalHttp({
      service: 'test-service',
      baseUrl: `http://127.0.0.1:${port}`,
      serviceToken: 't',
      timeoutMs: 2_000,
      toError: (failure) => new TestCallError(failure),
    });
    const failure = await failureOf(http.post('thing', {}, Answer));
    expect(failure).toMatchObject({ code: 'NETWORK_ERROR', retryable: true, headers: {} });
    expect(failure.message).toMatch(/^The test-service is unreachable \(ECONNREFUSED\)$/);
  });

  it('call a service that does not answer in time a retryable timeout', async () => {
    const http = await httpAgainst([{ status: 200, hang: true }], { timeoutMs: 200 });
    expect(await failureOf(http.post('thing', {}, Answer))).toMatchObject({
      code: 'TIMEOUT',
      message: 'The test-service did not answer within 200 ms',
      retryable: true,
    });
  });

  it('time a call out at its own timeout when it gives one, instead of the client’s', async () => {
    const http = await httpAgainst([{ status: 200, hang: true }], { timeoutMs: 5_000 });
    expect(await failureOf(http.post('thing', {}, Answer, { timeoutMs: 200 }))).toMatchObject({
      code: 'TIMEOUT',
      message: 'The test-service did not answer within 200 ms',
    });
  });

  it('call an aborted call aborted, not retryable', async () => {
    const http = await httpAgainst([{ status: 200, hang: true }]);
    const controller = new AbortController();
    const call = http.post('thing', {}, Answer, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failureOf(call)).toMatchObject({ code: 'ABORTED', message: 'The test-service call was aborted', retryable: false });
  });
});
