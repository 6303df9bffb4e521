// The persona-service client package against the real persona-service listening on 127.0.0.1: the
// internal find-or-create answers through it, and a refused audience or credential is a refusal.
import { createPersonaServiceClient, type PersonaServiceClient, PersonaServiceError } from '@persona-lab/persona-service-client';
import { createUser, rejectionOf, TEST_SECRETS } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { usePersonaService } from './helper.js';

// No consumer: the personas stay GENERATING, which is all find-or-create promises.
const stack = usePersonaService({ env: { CONSUMERS_ENABLED: 'false' } });
let owner: string;
let baseUrl: string;
let client: PersonaServiceClient;

beforeAll(async () => {
  owner = await createUser(stack.app.db);
  baseUrl = await stack.app.listen({ host: '127.0.0.1', port: 0 });
  client = createPersonaServiceClient({ baseUrl, serviceToken: TEST_SECRETS.SERVICE_TOKEN, timeoutMs: 10_000 });
});

const failure = (promise: Promise<unknown>) => rejectionOf(promise, PersonaServiceError);

describe('the persona-service client', () => {
  it('finds or creates the personas of an audience and returns them as the contract says', async () => {
    const existing = await stack.app.db.persona.create({
      data: {
        ownerId: owner,
        status: 'ACTIVE',
        name: 'Existing',
        detailedBio: 'Bio',
        productAttitudes: 'Careful',
        gender: 'FEMALE',
        age: 30,
      },
    });
    const answer = await client.findOrCreatePersonas(
      { userId: owner, audience: { genders: ['FEMALE'], ageRanges: ['30'] }, count: 2, requestId: 'req-client-1' },
      { requestId: 'req-client-1' },
    );
    expect(answer.personas[0]).toEqual({ id: existing.id, status: 'ACTIVE', reused: true });
    expect(answer.personas[1]).toMatchObject({ status: 'GENERATING', reused: false });
    const created = await stack.app.db.persona.findUnique({ where: { id: answer.personas[1]!.id } });
    expect(created).toMatchObject({ ownerId: owner, status: 'GENERATING', gender: 'FEMALE', age: 30 });
  });

  it('reports a refused audience as a refusal carrying the persona-service detail', async () => {
    const error = await failure(client.findOrCreatePersonas({ userId: owner, audience: { ageRanges: ['40-20'] }, count: 2 }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, refused: true, retryable: false });
    expect(error.message).toMatch(/ageRanges/);
  });

  it('reports a wrong service credential as a refusal, not a failure worth retrying', async () => {
    const stranger = createPersonaServiceClient({ baseUrl, serviceToken: 'x'.repeat(40) });
    expect(await failure(stranger.findOrCreatePersonas({ userId: owner, audience: {}, count: 1 }))).toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
      refused: true,
      retryable: false,
    });
  });
});
