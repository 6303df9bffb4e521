import { type MessageContract, PersonaGenerationTask, type PersonaGenerationTaskMessage } from '@persona-lab/contracts';
import { createUser, TEST_SECRETS, tokenFor, waitFor } from '@persona-lab/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { usePersonaService } from './helper.js';

// The persona-service runs without its consumer here: the test consumes the tasks itself, to see
// what was published and whether each persona's row was already committed when its task arrived.
const stack = usePersonaService({ env: { CONSUMERS_ENABLED: 'false' } });
let owner: string;
const received: { task: PersonaGenerationTaskMessage; rowStatus: string | null }[] = [];

beforeAll(async () => {
  owner = await createUser(stack.app.db);
  stack.consume(PersonaGenerationTask, async (task) => {
    const row = await stack.app.db.persona.findUnique({ where: { id: task.personaId } });
    received.push({ task, rowStatus: row?.status ?? null });
  });
  await stack.broker.waitUntilReady(15_000);
});
beforeEach(async () => {
  received.length = 0;
  await stack.app.db.persona.deleteMany({});
});
afterEach(() => vi.restoreAllMocks());

const SERVICE = { 'x-service-token': TEST_SECRETS.SERVICE_TOKEN };

function findOrCreate(body: object, headers: Record<string, string> = SERVICE) {
  return stack.app.inject({ method: 'POST', url: '/internal/personas/find-or-create', headers, payload: body });
}

async function activePersona(data: {
  gender?: string;
  age?: number;
  region?: string;
  incomeLevel?: string;
  ownerId?: string;
  status?: 'ACTIVE' | 'GENERATING';
  deletedAt?: Date;
  createdAt?: Date;
}) {
  return stack.app.db.persona.create({
    data: { ownerId: owner, status: 'ACTIVE', name: 'Existing', detailedBio: 'Bio', productAttitudes: 'Careful', ...data },
  });
}

const AUDIENCE = {
  genders: ['FEMALE', 'MALE'],
  ageRanges: ['26-35'],
  regions: ['North'],
  incomeLevels: ['middle'],
  psychographics: { interests: ['tea'], values: ['honesty'], traits: ['shy'] },
};

describe('find-or-create', () => {
  it('reuses matching ACTIVE personas and creates and queues the rest, in variation order', async () => {
    // Variations: FEMALE 26, MALE 29, FEMALE 32, MALE 35 — all North, middle income.
    const female26 = await activePersona({ gender: 'FEMALE', age: 26, region: 'North', incomeLevel: 'middle' });
    const male29 = await activePersona({ gender: 'MALE', age: 29, region: 'North', incomeLevel: 'middle' });
    await activePersona({ gender: 'FEMALE', age: 32, region: 'South', incomeLevel: 'middle' }); // another region
    await activePersona({ gender: 'FEMALE', age: 32, region: 'North', incomeLevel: 'middle', status: 'GENERATING' });
    await activePersona({ gender: 'FEMALE', age: 32, region: 'North', incomeLevel: 'middle', deletedAt: new Date() });
    const stranger = await createUser(stack.app.db);
    await activePersona({ gender: 'MALE', age: 35, region: 'North', incomeLevel: 'middle', ownerId: stranger });

    const response = await findOrCreate({ userId: owner, audience: AUDIENCE, count: 4, requestId: 'req-find-1' });
    expect(response.statusCode).toBe(200);
    const personas = response.json().personas as { id: string; status: string; reused: boolean }[];
    expect(personas.slice(0, 2)).toEqual([
      { id: female26.id, status: 'ACTIVE', reused: true },
      { id: male29.id, status: 'ACTIVE', reused: true },
    ]);
    expect(personas.slice(2).map((p) => [p.status, p.reused])).toEqual([
      ['GENERATING', false],
      ['GENERATING', false],
    ]);

    const created = await stack.app.db.persona.findMany({
      where: { id: { in: personas.slice(2).map((p) => p.id) } },
      orderBy: { age: 'asc' },
    });
    expect(created.map((row) => [row.gender, row.age, row.region, row.incomeLevel, row.variantNumber])).toEqual([
      ['FEMALE', 32, 'North', 'middle', 3],
      ['MALE', 35, 'North', 'middle', 4],
    ]);
    expect(created[0]).toMatchObject({
      ownerId: owner,
      interests: ['tea'],
      values: ['honesty'],
      traits: ['shy'],
      generationStrategy: 'queued',
    });

    await waitFor('two tasks', () => (received.length === 2 ? true : undefined));
    expect(received.map((r) => r.task.personaId).sort()).toEqual(
      personas
        .slice(2)
        .map((p) => p.id)
        .sort(),
    );
    expect(received.map((r) => r.task.variantNumber).sort()).toEqual([3, 4]);
    // Every task found its row already committed.
    expect(received.map((r) => r.rowStatus)).toEqual(['GENERATING', 'GENERATING']);
    expect(received.every((r) => r.task.userId === owner && r.task.requestId === 'req-find-1')).toBe(true);
  });

  it('hands out each persona once per request', async () => {
    const only = await activePersona({ gender: 'FEMALE', age: 30 });
    const response = await findOrCreate({ userId: owner, audience: { genders: ['FEMALE'], ageRanges: ['30'] }, count: 2 });
    const personas = response.json().personas;
    expect(personas[0]).toEqual({ id: only.id, status: 'ACTIVE', reused: true });
    expect(personas[1]).toMatchObject({ status: 'GENERATING', reused: false });
    expect(personas[1].id).not.toBe(only.id);
    await waitFor('one task', () => (received.length === 1 ? true : undefined));
  });

  it('gives alike variations the oldest matching personas, oldest first, beside other groups', async () => {
    // Variations: FEMALE 30, MALE 30, FEMALE 30, MALE 30, FEMALE 30: three alike FEMALE 30, two alike MALE 30.
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
    const [newest, oldest, middle, fourth] = [
      await activePersona({ gender: 'FEMALE', age: 30, createdAt: at(40) }),
      await activePersona({ gender: 'FEMALE', age: 30, createdAt: at(10) }),
      await activePersona({ gender: 'FEMALE', age: 30, createdAt: at(20) }),
      await activePersona({ gender: 'FEMALE', age: 30, createdAt: at(30) }),
    ];
    const male = await activePersona({ gender: 'MALE', age: 30, createdAt: at(50) });
    const response = await findOrCreate({ userId: owner, audience: { genders: ['FEMALE', 'MALE'], ageRanges: ['30'] }, count: 5 });
    const personas = response.json().personas as { id: string; reused: boolean }[];
    expect(personas.map((p) => p.id).filter((_, i) => i % 2 === 0)).toEqual([oldest.id, middle.id, fourth.id]);
    expect(personas[1]).toMatchObject({ id: male.id, reused: true });
    expect(personas[3]).toMatchObject({ reused: false });
    expect(personas.map((p) => p.id)).not.toContain(newest.id);
    await waitFor('one task', () => (received.length === 1 ? true : undefined));
  });

  it('reuses any persona on the dimensions the audience leaves open', async () => {
    const anyone = await activePersona({ gender: 'MALE', age: 71, region: 'Far North' });
    const response = await findOrCreate({ userId: owner, audience: { genders: ['MALE'] }, count: 1 });
    expect(response.json().personas).toEqual([{ id: anyone.id, status: 'ACTIVE', reused: true }]);
    const unset = await findOrCreate({ userId: owner, audience: {}, count: 1 });
    expect(unset.json().personas).toEqual([{ id: anyone.id, status: 'ACTIVE', reused: true }]);
  });

  it('creates and queues every persona when none matches, each range turned into concrete ages', async () => {
    const response = await findOrCreate({ userId: owner, audience: { ageRanges: ['18-25', '46+'] }, count: 3 });
    const personas = response.json().personas;
    expect(personas.every((p: { reused: boolean }) => !p.reused)).toBe(true);
    const ages = await stack.app.db.persona.findMany({
      where: { id: { in: personas.map((p: { id: string }) => p.id) } },
      select: { age: true },
    });
    expect(ages.map((a) => a.age).sort()).toEqual([18, 25, 58]); // 46+ once: the midpoint of 46–70
    await waitFor('three tasks', () => (received.length === 3 ? true : undefined));
  });

  it('answers FAILED for a persona whose task the broker refused, GENERATING for the rest', async () => {
    // The seam: the broker refuses the second generation task it is asked to publish.
    const publish = stack.app.broker.publish.bind(stack.app.broker);
    let tasks = 0;
    vi.spyOn(stack.app.broker, 'publish').mockImplementation(async (contract: MessageContract, message: unknown, options) => {
      if (contract === PersonaGenerationTask && ++tasks === 2) throw new Error('broker unavailable');
      return publish(contract, message as never, options);
    });
    const response = await findOrCreate({ userId: owner, audience: { genders: ['FEMALE'], ageRanges: ['30'] }, count: 3 });
    expect(response.statusCode).toBe(200);
    const personas = response.json().personas as { id: string; status: string; reused: boolean }[];
    expect(personas.map((p) => [p.status, p.reused])).toEqual([
      ['GENERATING', false],
      ['FAILED', false],
      ['GENERATING', false],
    ]);
    const refused = await stack.app.db.persona.findUniqueOrThrow({ where: { id: personas[1]!.id } });
    expect(refused).toMatchObject({ status: 'FAILED', failureReason: 'The generation task could not be queued: broker unavailable' });
    await waitFor('the two queued tasks', () => (received.length === 2 ? true : undefined));
    expect(received.map((r) => r.task.personaId).sort()).toEqual([personas[0]!.id, personas[2]!.id].sort());
  });

  it('rejects an age range whose minimum is above its maximum with 400 naming the field', async () => {
    const response = await findOrCreate({ userId: owner, audience: { ageRanges: ['40-20'] }, count: 2 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body/audience/ageRanges' }] });
    expect(await stack.app.db.persona.count()).toBe(0);
  });

  it('rejects an unknown user with 400', async () => {
    const response = await findOrCreate({ userId: '00000000-0000-4000-8000-000000000000', audience: {}, count: 1 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body/userId' }] });
  });

  it('refuses a caller without the service credential, even with a user token', async () => {
    const body = { userId: owner, audience: {}, count: 1 };
    expect((await findOrCreate(body, {})).statusCode).toBe(401);
    expect((await findOrCreate(body, { 'x-service-token': 'wrong' })).statusCode).toBe(401);
    expect((await findOrCreate(body, tokenFor(owner))).statusCode).toBe(401);
    expect(await stack.app.db.persona.count()).toBe(0);
  });
});
