// A stored persona is the one that was asked for. The ai-gateway sends a persona that contradicts the
// requested gender or age range back to the model with the reason; persona-service stores the
// corrected answer with the requested values, or marks a queued persona FAILED with the gateway's
// reason when the model never corrects itself. All through the real routes, queue and gateway.
import { createUser, type RecordedRequest, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { fakePersona, fakePersonaModel, operationOf, requestsOf, usePersonaService } from './helper.js';

const stack = usePersonaService();
let owner: string;

beforeAll(async () => {
  owner = await createUser(stack.app.db);
});
beforeEach(async () => {
  stack.llm.reset();
  await stack.app.db.persona.deleteMany({});
});

const WOMEN_20_TO_30 = { gender: 'FEMALE', country: 'DE', minAge: 20, maxAge: 30 };

function generate(body: object) {
  return stack.app.inject({ method: 'POST', url: '/personas/generate', headers: tokenFor(owner), payload: body });
}

const lastMessage = (request: RecordedRequest | undefined) => request?.body?.messages?.at(-1)?.content ?? '';

/** The model answers persona details with this persona, and everything else as a well-behaved model would. */
const detailsAnswer = (answer: (request: RecordedRequest) => object) => (request: RecordedRequest) =>
  operationOf(request) === 'details' ? JSON.stringify(answer(request)) : fakePersonaModel(request);

async function untilSettled(id: string) {
  return waitFor(`persona ${id} to leave GENERATING`, async () => {
    const row = await stack.app.db.persona.findUniqueOrThrow({ where: { id } });
    return row.status !== 'GENERATING' ? row : undefined;
  });
}

describe('a batch that contradicts the request', () => {
  it('is repaired with the reasons, and the corrected personas are stored as requested', async () => {
    stack.llm.enqueue(JSON.stringify([fakePersona('Ben Braun', 0, 20, 'male'), fakePersona('Clara Vogel', 1, 70, 'female')]));
    const response = await generate({ count: 2, demographics: WOMEN_20_TO_30 });
    expect(response.statusCode).toBe(201);

    const calls = requestsOf(stack.llm, 'batch');
    expect(calls).toHaveLength(2);
    expect(lastMessage(calls[1])).toContain(
      'persona 1: "gender" must be female, as requested; persona 2: "age" is 70, outside the requested range 20-30',
    );
    const stored = await stack.app.db.persona.findMany({ where: { ownerId: owner }, orderBy: { variantNumber: 'asc' } });
    expect(stored.map((row) => [row.name, row.gender, row.age, row.country, row.status])).toEqual([
      ['Batch Person 1', 'FEMALE', 20, 'DE', 'ACTIVE'],
      ['Batch Person 2', 'FEMALE', 30, 'DE', 'ACTIVE'],
    ]);
  });

  it('fails the request with a reason naming the gender when the model keeps contradicting it, storing nothing', async () => {
    stack.llm.setFallback((request) =>
      operationOf(request) === 'batch' ? JSON.stringify([fakePersona('Ben Braun', 0, 25, 'male')]) : fakePersonaModel(request),
    );
    const response = await generate({ count: 1, demographics: WOMEN_20_TO_30 });
    expect(response.statusCode).toBe(502);
    expect(response.json().detail).toContain('(validation)');
    expect(response.json().detail).toContain('"gender" must be female, as requested');
    expect(await stack.app.db.persona.count({ where: { ownerId: owner } })).toBe(0);
  });
});

describe('a queued persona whose model contradicts the request', () => {
  it('is marked FAILED with a reason naming the gender, and announced so, when the model never corrects itself', async () => {
    stack.llm.setFallback(detailsAnswer(() => fakePersona('Ben Braun', 0, 25, 'male')));
    const response = await generate({ strategy: 'queued', count: 1, demographics: WOMEN_20_TO_30 });
    expect(response.statusCode).toBe(202);
    const [persona] = response.json().personas;

    const row = await untilSettled(persona.id);
    expect(row.status).toBe('FAILED');
    expect(row.failureReason).toBe(
      'AI generation failed (validation): The model\'s answer was unusable after 3 attempts: "gender" must be female, as requested',
    );
    expect(row.name).toBeNull();
    expect(requestsOf(stack.llm, 'details')).toHaveLength(3);
    expect(lastMessage(requestsOf(stack.llm, 'details')[1])).toContain('"gender" must be female, as requested');
    const event = await waitFor('the FAILED event', () => stack.events.find((e) => e.personaId === persona.id && e.status === 'FAILED'));
    expect(event.failureReason).toContain('"gender" must be female');
  });

  it('is stored as requested when the model corrects itself on repair, in its own spelling', async () => {
    let calls = 0;
    stack.llm.setFallback(
      detailsAnswer(() =>
        (calls += 1) === 1 ? fakePersona('Ben Braun', 0, 70, 'male') : { ...fakePersona('Anna Weber', 0, 25, 'Woman'), country: 'Germany' },
      ),
    );
    const response = await generate({ strategy: 'queued', count: 1, demographics: WOMEN_20_TO_30 });
    const [persona] = response.json().personas;

    const row = await untilSettled(persona.id);
    expect(row).toMatchObject({ status: 'ACTIVE', name: 'Anna Weber', gender: 'FEMALE', age: 25, country: 'DE', failureReason: null });
    const repair = lastMessage(requestsOf(stack.llm, 'details')[1]);
    expect(repair).toContain('"gender" must be female, as requested');
    expect(repair).toContain('"age" is 70, outside the requested range 25-25');
  });
});

describe('an answer that agrees in another spelling', () => {
  it('is stored with the requested gender', async () => {
    stack.llm.setFallback((request) =>
      operationOf(request) === 'fixed-name'
        ? JSON.stringify({ ...JSON.parse(fakePersonaModel(request)), gender: 'she/her' })
        : fakePersonaModel(request),
    );
    const response = await generate({ strategy: 'fixed-names', count: 2, demographics: WOMEN_20_TO_30 });
    expect(response.statusCode).toBe(201);
    expect(response.json().failures).toEqual([]);
    const stored = await stack.app.db.persona.findMany({ where: { ownerId: owner } });
    expect(stored.map((row) => row.gender)).toEqual(['FEMALE', 'FEMALE']);
    expect(requestsOf(stack.llm, 'fixed-name')).toHaveLength(2);
  });
});
