import { type MessageContract, PersonaGenerationTask, PersonaStatusChanged } from '@persona-lab/contracts';
import { createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { handlePersonaGenerationTask } from '../src/domain/persona-generation.js';
import { fakePersonaModel, operationOf, requestsOf, usePersonaService, userPrompt } from './helper.js';

const stack = usePersonaService({ instances: 2 });
let owner: string;

beforeAll(async () => {
  owner = await createUser(stack.app.db);
});
beforeEach(() => {
  stack.llm.reset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function generateQueued(count: number, demographics: object = { minAge: 20, maxAge: 60 }) {
  const response = await stack.app.inject({
    method: 'POST',
    url: '/personas/generate',
    headers: tokenFor(owner),
    payload: { strategy: 'queued', count, demographics, psychographics: { interests: ['cycling'], values: ['thrift'], traits: [] } },
  });
  return response;
}

const statusOf = async (id: string) => (await stack.app.db.persona.findUniqueOrThrow({ where: { id } })).status;

async function untilSettled(ids: string[]) {
  return waitFor(`personas ${ids.join(', ')} to leave GENERATING`, async () => {
    const rows = await stack.app.db.persona.findMany({ where: { id: { in: ids } } });
    return rows.every((row) => row.status !== 'GENERATING') ? rows : undefined;
  });
}

/** Counts the tasks the persona-service instances finished handling (acknowledged). */
function countHandledTasks() {
  let handled = 0;
  const detach = stack.apps.map((app) =>
    app.broker.addHooks({ consumed: (event) => void (event.contract === PersonaGenerationTask.name && (handled += 1)) }),
  );
  return { count: () => handled, stop: () => detach.forEach((off) => off()) };
}

describe('queued strategy', () => {
  it('answers 202 with GENERATING personas spread over the age range, then generates each one and announces it', async () => {
    const response = await generateQueued(3);
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body.strategy).toBe('queued');
    expect(body.personas.map((p: { status: string }) => p.status)).toEqual(['GENERATING', 'GENERATING', 'GENERATING']);
    expect(body.personas.map((p: { age: number }) => p.age)).toEqual([20, 40, 60]);
    expect(body.diversity).toEqual({ personas: 3, distinctNames: 0, meanBioSimilarity: 0 });

    const ids: string[] = body.personas.map((p: { id: string }) => p.id);
    const rows = await untilSettled(ids);
    for (const row of rows) {
      expect(row).toMatchObject({
        status: 'ACTIVE',
        generationStrategy: 'queued',
        interests: ['cycling'],
        claimToken: null,
        failureReason: null,
      });
      expect(row.name).toMatch(/^Queued Person \d$/);
      expect(row.detailedBio).toBeTruthy();
      expect(row.productAttitudes).toBeTruthy();
    }
    // Each task carried its own variant number, and each call asked for that persona's age.
    const details = requestsOf(stack.llm, 'details');
    expect(details).toHaveLength(3);
    expect(details.map((r) => /variant #(\d+)/.exec(r.body!.messages![0]!.content)![1]).sort()).toEqual(['1', '2', '3']);
    expect(details.map((r) => /Age within (\d+)-\1/.exec(userPrompt(r))![1]).sort()).toEqual(['20', '40', '60']);

    await waitFor('three ACTIVE events', () =>
      ids.every((id) => stack.events.some((e) => e.personaId === id && e.status === 'ACTIVE')) ? true : undefined,
    );
    expect(stack.events.find((e) => e.personaId === ids[0])).toMatchObject({ userId: owner, status: 'ACTIVE' });
  });

  it('generates a persona once when its task is delivered again after it became ACTIVE', async () => {
    const [persona] = (await generateQueued(1)).json().personas;
    await untilSettled([persona.id]);
    const handled = countHandledTasks();
    await stack.broker.publish(PersonaGenerationTask, { personaId: persona.id, userId: owner, variantNumber: 1 });
    await waitFor('the duplicate task to be handled', () => (handled.count() === 1 ? true : undefined));
    handled.stop();
    expect(requestsOf(stack.llm, 'details')).toHaveLength(1);
    expect(await statusOf(persona.id)).toBe('ACTIVE');
  });

  it('generates a persona once when two consumers receive its task at the same time', async () => {
    // The model answers slowly, so both deliveries are in flight together, one on each instance.
    stack.llm.setFallback((request) => ({ content: fakePersonaModel(request), delayMs: 400 }));
    const app = stack.app;
    const user = owner;
    const persona = await app.db.persona.create({ data: { ownerId: user, status: 'GENERATING', age: 33, generationStrategy: 'queued' } });
    const handled = countHandledTasks();
    const task = { personaId: persona.id, userId: user, variantNumber: 7 };
    await Promise.all([stack.broker.publish(PersonaGenerationTask, task), stack.broker.publish(PersonaGenerationTask, task)]);

    await waitFor('both deliveries to be handled', () => (handled.count() === 2 ? true : undefined));
    handled.stop();
    expect(requestsOf(stack.llm, 'details')).toHaveLength(1);
    const row = await app.db.persona.findUniqueOrThrow({ where: { id: persona.id } });
    expect(row).toMatchObject({ status: 'ACTIVE', name: 'Queued Person 7', age: 33, attempts: 1 });
    await waitFor('one ACTIVE event', () => (stack.events.some((e) => e.personaId === persona.id) ? true : undefined));
    expect(stack.events.filter((e) => e.personaId === persona.id)).toHaveLength(1);
  });

  it('records the call that paid for a persona, and only the call when its claim was taken over while the model wrote', async () => {
    const usage = { prompt_tokens: 321, completion_tokens: 123, total_tokens: 444, cost: 0.0125 };
    stack.llm.setFallback((request) => ({ content: fakePersonaModel(request), delayMs: 400, usage }));
    const db = stack.app.db;
    const [kept, takenOver] = await Promise.all(
      [40, 41].map((age) => db.persona.create({ data: { ownerId: owner, status: 'GENERATING', age, generationStrategy: 'queued' } })),
    );
    const handled = countHandledTasks();
    await stack.broker.publish(PersonaGenerationTask, { personaId: kept!.id, userId: owner, variantNumber: 20 });
    await stack.broker.publish(PersonaGenerationTask, { personaId: takenOver!.id, userId: owner, variantNumber: 21 });
    // While the model writes, another delivery takes the second persona over (as a redelivery may).
    const otherClaim = '00000000-0000-4000-8000-00000000beef';
    await waitFor('the second persona to be claimed', async () =>
      (await db.persona.findUniqueOrThrow({ where: { id: takenOver!.id } })).claimToken ? true : undefined,
    );
    await db.persona.update({ where: { id: takenOver!.id }, data: { claimToken: otherClaim } });
    await waitFor('both tasks to be handled', () => (handled.count() === 2 ? true : undefined));
    handled.stop();

    expect(await db.persona.findUniqueOrThrow({ where: { id: kept!.id } })).toMatchObject({
      status: 'ACTIVE',
      name: 'Queued Person 20',
      age: 40,
      claimToken: null,
      claimExpiresAt: null,
    });
    expect(await db.persona.findUniqueOrThrow({ where: { id: takenOver!.id } })).toMatchObject({
      status: 'GENERATING',
      name: null,
      claimToken: otherClaim,
    });
    const calls = await db.modelCall.findMany({ where: { personaId: { in: [kept!.id, takenOver!.id] } } });
    expect(calls.map((call) => call.personaId).sort()).toEqual([kept!.id, takenOver!.id].sort());
    for (const call of calls) {
      expect(call).toMatchObject({ userId: owner, kind: 'PERSONA', sessionId: null, inputTokens: 321, outputTokens: 123 });
      expect(call.costUsd?.toNumber()).toBe(0.0125);
    }
  });

  it('lets a retry of a task take over the live claim its earlier attempt left, and not a duplicate', async () => {
    // As an attempt that died after claiming leaves it: GENERATING with a live claim nobody will finish.
    const persona = await stack.app.db.persona.create({
      data: {
        ownerId: owner,
        status: 'GENERATING',
        age: 41,
        generationStrategy: 'queued',
        claimToken: '00000000-0000-4000-8000-00000000dead',
        claimExpiresAt: new Date(Date.now() + 60_000),
      },
    });
    const task = { personaId: persona.id, userId: owner, variantNumber: 3 };
    const delivery = (attempt: number) => ({
      requestId: 'takeover',
      attempt,
      maxAttempts: 4,
      lastAttempt: false,
      redelivered: false,
      log: stack.app.log,
    });

    expect(await handlePersonaGenerationTask(stack.app.generation, task, delivery(1))).toBe('skipped');
    expect(requestsOf(stack.llm, 'details')).toHaveLength(0);
    await handlePersonaGenerationTask(stack.app.generation, task, delivery(2));
    expect(await statusOf(persona.id)).toBe('ACTIVE');
    expect(requestsOf(stack.llm, 'details')).toHaveLength(1);
  });

  it('marks only the persona whose provider call failed as FAILED, with the reason, and announces it', async () => {
    // The second variant's call fails for good (HTTP 400 is not retryable); the others succeed.
    stack.llm.setFallback((request) =>
      operationOf(request) === 'details' && /variant #2\b/.test(request.body!.messages![0]!.content)
        ? { status: 400, body: JSON.stringify({ error: { message: 'bad request' } }) }
        : fakePersonaModel(request),
    );
    const ids: string[] = (await generateQueued(3)).json().personas.map((p: { id: string }) => p.id);
    const rows = await untilSettled(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(ids[0]!)!.status).toBe('ACTIVE');
    expect(byId.get(ids[2]!)!.status).toBe('ACTIVE');
    const failed = byId.get(ids[1]!)!;
    expect(failed.status).toBe('FAILED');
    expect(failed.failureReason).toMatch(/AI generation failed \(provider\).*HTTP 400/);
    expect(failed.name).toBeNull();

    await waitFor('the FAILED event', () => stack.events.find((e) => e.personaId === ids[1] && e.status === 'FAILED'));
    expect(stack.events.find((e) => e.personaId === ids[1])!.failureReason).toBe(failed.failureReason);
  });

  it('marks a persona FAILED when the model keeps answering without the required fields', async () => {
    stack.llm.setFallback((request) =>
      operationOf(request) === 'details' ? JSON.stringify({ name: 'No Bio', product_attitudes: 'Careful.' }) : fakePersonaModel(request),
    );
    const [persona] = (await generateQueued(1)).json().personas;
    const [row] = await untilSettled([persona.id]);
    expect(row!.status).toBe('FAILED');
    expect(row!.failureReason).toMatch(/AI generation failed \(validation\).*detailed_bio/);
  });

  it('marks a persona FAILED when the model’s required fields are blank', async () => {
    stack.llm.setFallback((request) =>
      operationOf(request) === 'details'
        ? JSON.stringify({ name: ' ', detailed_bio: 'A bio.', product_attitudes: '  ' })
        : fakePersonaModel(request),
    );
    const [persona] = (await generateQueued(1)).json().personas;
    const [row] = await untilSettled([persona.id]);
    expect(row).toMatchObject({ status: 'FAILED', failureReason: "the model's persona has no name, product attitudes" });
  });

  it('retries a persona after a retryable failure and generates it on a later attempt', async () => {
    // Every provider request of the first gateway call is rate limited; then the model answers.
    let limited = 0;
    stack.llm.setFallback((request) => {
      if (operationOf(request) === 'details' && limited < 3) {
        limited += 1;
        return { status: 429, body: JSON.stringify({ error: { message: 'slow down' } }) };
      }
      return fakePersonaModel(request);
    });
    const [persona] = (await generateQueued(1)).json().personas;
    const [row] = await untilSettled([persona.id]);
    expect(row).toMatchObject({ status: 'ACTIVE', failureReason: null, attempts: 2 });
  });

  it('retries a FAILED persona when its task arrives again', async () => {
    const persona = await stack.app.db.persona.create({
      data: { ownerId: owner, status: 'FAILED', failureReason: 'earlier failure', age: 50, generationStrategy: 'queued' },
    });
    await stack.broker.publish(PersonaGenerationTask, { personaId: persona.id, userId: owner, variantNumber: 4 });
    await waitFor('the persona to become ACTIVE', async () => ((await statusOf(persona.id)) === 'ACTIVE' ? true : undefined));
    expect((await stack.app.db.persona.findUniqueOrThrow({ where: { id: persona.id } })).failureReason).toBeNull();
  });

  it('announces a persona again when publishing its event failed after the commit', async () => {
    // The seam: each instance's broker refuses the first PersonaStatusChanged it is asked to publish.
    let refused = 0;
    for (const app of stack.apps) {
      const publish = app.broker.publish.bind(app.broker);
      vi.spyOn(app.broker, 'publish').mockImplementation(async (contract: MessageContract, message: unknown, options) => {
        if (contract === PersonaStatusChanged && refused === 0) {
          refused += 1;
          throw new Error('broker unavailable');
        }
        return publish(contract, message as never, options);
      });
    }
    const [persona] = (await generateQueued(1)).json().personas;
    await waitFor('the ACTIVE event', () => stack.events.find((e) => e.personaId === persona.id && e.status === 'ACTIVE'));
    expect(refused).toBe(1);
    expect(requestsOf(stack.llm, 'details')).toHaveLength(1);
    expect(await statusOf(persona.id)).toBe('ACTIVE');
  });

  it('does not generate a persona deleted while queued, and announces it as FAILED', async () => {
    const persona = await stack.app.db.persona.create({
      data: { ownerId: owner, status: 'GENERATING', deletedAt: new Date(), generationStrategy: 'queued' },
    });
    await stack.broker.publish(PersonaGenerationTask, { personaId: persona.id, userId: owner, variantNumber: 1 });
    const event = await waitFor('the FAILED event', () => stack.events.find((e) => e.personaId === persona.id));
    expect(event).toMatchObject({ status: 'FAILED', failureReason: 'The persona was deleted before it was generated' });
    expect(requestsOf(stack.llm, 'details')).toHaveLength(0);
    expect(await statusOf(persona.id)).toBe('GENERATING');
  });
});

describe('recovery at start-up', () => {
  it('queues a stranded GENERATING persona again when an instance starts, and it is generated once', async () => {
    stack.llm.setFallback((request) => ({ content: fakePersonaModel(request) }));
    // As an outage leaves it: GENERATING, no claim, untouched for an hour, no task in any queue.
    const stranded = await stack.app.db.persona.create({
      data: { ownerId: owner, status: 'GENERATING', generationStrategy: 'queued', variantNumber: 2, age: 33 },
    });
    await stack.app.db.$executeRaw`UPDATE personas SET updated_at = now() - interval '1 hour' WHERE id = ${stranded.id}::uuid`;
    const recent = await stack.app.db.persona.create({
      data: { ownerId: owner, status: 'GENERATING', generationStrategy: 'queued', variantNumber: 1 },
    });

    await stack.addInstance();
    const [row] = await untilSettled([stranded.id]);
    expect(row!.status).toBe('ACTIVE');
    expect(requestsOf(stack.llm, 'details').length).toBe(1);
    // A persona that is merely young is left to its own task.
    expect(await statusOf(recent.id)).toBe('GENERATING');
    await stack.app.db.persona.update({ where: { id: recent.id }, data: { deletedAt: new Date() } });
  });
});
