// The persona-service client against a real HTTP server standing in for the persona-service: what it
// sends, which answers it accepts, and how it classifies each failure (a refusal or a retryable one).
// The same client against the real persona-service: apps/persona-service/test/persona-service-client.test.ts.
import { type FakeService, freePort, problemBody, rejectionOf, type ScriptedAnswer, startFakeService } from '@persona-lab/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { createPersonaServiceClient, PersonaServiceError } from '../src/index.js';

const REQUEST = {
  userId: '6f1c2b9e-4c1a-4f7e-9d55-2a8e0d1b7c11',
  audience: { genders: ['FEMALE' as const] },
  count: 1,
  requestId: 'req-1',
};
const ANSWER = { personas: [{ id: '0b6c3a52-3c61-4c1e-8f7a-8d9a3b1e2f40', status: 'GENERATING', reused: false }] };

let service: FakeService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function clientAgainst(script: ScriptedAnswer[]) {
  service = await startFakeService(script);
  return createPersonaServiceClient({ baseUrl: service.baseUrl, serviceToken: 'service-secret', timeoutMs: 5_000 });
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, PersonaServiceError);

describe('findOrCreatePersonas', () => {
  it('posts the request to the internal route with the credential and the request id, and returns the answer', async () => {
    const client = await clientAgainst([{ status: 200, body: ANSWER }]);
    await expect(client.findOrCreatePersonas(REQUEST, { requestId: 'req-1' })).resolves.toEqual(ANSWER);
    expect(service!.received).toMatchObject([
      {
        method: 'POST',
        url: '/internal/personas/find-or-create',
        headers: { 'x-service-token': 'service-secret', 'x-request-id': 'req-1' },
        body: REQUEST,
      },
    ]);
  });

  it('calls a 4xx a refusal with the persona-service detail, never retried', async () => {
    const client = await clientAgainst([
      { status: 400, body: problemBody(400, 'VALIDATION_FAILED', 'body/audience.ageRanges min above max') },
    ]);
    expect(await failure(client.findOrCreatePersonas(REQUEST))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'body/audience.ageRanges min above max',
      refused: true,
      retryable: false,
      status: 400,
    });
    expect(service!.received).toHaveLength(1);
  });

  it('retries a 502, 503 or 504 and returns the answer that follows', async () => {
    const client = await clientAgainst([{ status: 503 }, { status: 502 }, { status: 200, body: ANSWER }]);
    await expect(client.findOrCreatePersonas(REQUEST, { requestId: 'req-2' })).resolves.toEqual(ANSWER);
    expect(service!.received.map((r) => r.headers['x-request-id'])).toEqual(['req-2', 'req-2', 'req-2']);
  });

  it('gives up after two retries with a retryable failure that is no refusal', async () => {
    const client = await clientAgainst([{ status: 503, body: problemBody(503, 'SERVICE_UNAVAILABLE', 'database unavailable') }]);
    expect(await failure(client.findOrCreatePersonas(REQUEST))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'database unavailable',
      refused: false,
      retryable: true,
    });
    expect(service!.received).toHaveLength(3);
  });

  it('does not retry a 500, and does not call it a refusal', async () => {
    const client = await clientAgainst([{ status: 500, body: problemBody(500, 'INTERNAL_ERROR', 'An unexpected error occurred') }]);
    expect(await failure(client.findOrCreatePersonas(REQUEST))).toMatchObject({ code: 'INTERNAL_ERROR', refused: false, retryable: false });
    expect(service!.received).toHaveLength(1);
  });

  it('rejects an answer outside the contract as INVALID_RESPONSE, not a refusal', async () => {
    const client = await clientAgainst([{ status: 200, body: { personas: [{ id: 'not-a-uuid', status: 'GENERATING', reused: false }] } }]);
    const error = await failure(client.findOrCreatePersonas(REQUEST));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', refused: false, retryable: false });
    expect(error.message).toMatch(/^The persona-service answered outside its contract: \/personas\/0\/id /);
  });

  it('calls an unreachable persona-service a retryable network error', async () => {
    const client = createPersonaServiceClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, serviceToken: 't', timeoutMs: 2_000 });
    expect(await failure(client.findOrCreatePersonas(REQUEST))).toMatchObject({ code: 'NETWORK_ERROR', refused: false, retryable: true });
  });
});
