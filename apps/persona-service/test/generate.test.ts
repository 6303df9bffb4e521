import { createUser, tokenFor } from '@persona-lab/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { BUILT_IN_NAMES } from '../src/domain/names.js';
import {
  fakePersona,
  fakePersonaModel,
  fixedNameOf,
  operationOf,
  requestedAges,
  requestsOf,
  usePersonaService,
  userPrompt,
} from './helper.js';

const stack = usePersonaService({ env: { CONSUMERS_ENABLED: 'false' } });
let owner: string;

beforeAll(async () => {
  owner = await createUser(stack.app.db);
});
beforeEach(async () => {
  stack.llm.reset();
  await stack.app.db.persona.deleteMany({});
  await stack.app.db.name.deleteMany({});
});

const REQUEST = {
  count: 5,
  demographics: { country: 'DE', region: 'Bavaria', minAge: 20, maxAge: 60, incomeLevel: 'middle' },
  psychographics: { interests: ['hiking'], values: ['family'], traits: ['curious'], notes: 'Weekend hikers' },
};

function generate(body: object, userId = owner) {
  return stack.app.inject({ method: 'POST', url: '/personas/generate', headers: tokenFor(userId), payload: body });
}

type Body = {
  strategy: string;
  personas: { id: string; name: string; status: string; age: number | null; gender: string | null }[];
  failures: { name: string | null; reason: string }[];
  diversity: { personas: number; distinctNames: number; meanBioSimilarity: number };
};

/** A model that answers batches without ages. */
function batchWithoutAges(request: Parameters<typeof fakePersonaModel>[0]) {
  if (operationOf(request) !== 'batch') return fakePersonaModel(request);
  return JSON.stringify(requestedAges(request).map((_, i) => ({ ...fakePersona(`Ageless ${i + 1}`, i), age: undefined })));
}

async function seedNames(rows: { value: string; gender: 'MALE' | 'FEMALE'; country: string }[]) {
  await stack.app.db.name.createMany({ data: rows });
}

describe('prompt-builder (default)', () => {
  it('generates the batch in one structured call with ages spread over the range, and stores it ACTIVE', async () => {
    const response = await generate(REQUEST);
    expect(response.statusCode).toBe(201);
    const body = response.json<Body>();
    expect(body.strategy).toBe('prompt-builder');
    expect(body.personas).toHaveLength(5);
    expect(body.personas.every((p) => p.status === 'ACTIVE')).toBe(true);
    expect(body.failures).toEqual([]);
    expect(body.diversity.personas).toBe(5);
    expect(body.diversity.distinctNames).toBe(5);
    expect(body.diversity.meanBioSimilarity).toBeGreaterThan(0);
    expect(body.diversity.meanBioSimilarity).toBeLessThan(1);

    const [call, ...more] = requestsOf(stack.llm, 'batch');
    expect(more).toHaveLength(0);
    expect(requestedAges(call!)).toEqual([20, 30, 40, 50, 60]);
    const prompt = userPrompt(call!);
    for (const section of ['DEMOGRAPHICS', 'PSYCHOGRAPHICS', 'CRITICAL REQUIREMENTS', 'Bavaria', 'hiking', 'family', 'curious']) {
      expect(prompt).toContain(section);
    }

    const stored = await stack.app.db.persona.findMany({ where: { ownerId: owner }, orderBy: { variantNumber: 'asc' } });
    expect(stored.map((p) => p.age)).toEqual([20, 30, 40, 50, 60]);
    expect(stored.map((p) => p.gender)).toEqual(['FEMALE', 'MALE', 'FEMALE', 'MALE', 'FEMALE']);
    expect(stored[0]).toMatchObject({
      status: 'ACTIVE',
      name: 'Batch Person 1',
      country: 'DE',
      region: 'Bavaria',
      incomeLevel: 'middle',
      interests: ['hiking'],
      values: ['family'],
      traits: ['curious'],
      psychographicsNotes: 'Weekend hikers',
      generationStrategy: 'prompt-builder',
      variantNumber: 1,
      ageGroup: '20s',
    });
  });

  it('gives one persona the midpoint of the range', async () => {
    const response = await generate({ count: 1, demographics: { minAge: 20, maxAge: 60 } });
    expect(response.statusCode).toBe(201);
    expect(requestedAges(requestsOf(stack.llm, 'batch')[0]!)).toEqual([40]);
    expect(response.json<Body>().personas[0]!.age).toBe(40);
  });

  it('gives a persona the model left without an age the age of its slot in the distribution', async () => {
    stack.llm.setFallback(batchWithoutAges);
    const response = await generate({ ...REQUEST, count: 3 });
    expect(response.json<Body>().personas.map((p) => p.age)).toEqual([20, 40, 60]);
  });

  it('answers 502 with the reason when the gateway cannot generate the batch, and stores nothing', async () => {
    stack.llm.setFallback({ status: 401, body: JSON.stringify({ error: { message: 'bad key' } }) });
    const response = await generate(REQUEST);
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 'UPSTREAM_FAILED' });
    expect(response.json().detail).toMatch(/Persona generation failed at the AI gateway \(provider\).*HTTP 401.*credentials/);
    expect(await stack.app.db.persona.count()).toBe(0);
  });
});

describe('single-call', () => {
  it('stores the batch after the gateway had the model repair a wrong count', async () => {
    stack.llm.enqueue(JSON.stringify([fakePersona('Only One', 0, 30)]));
    const response = await generate({ ...REQUEST, strategy: 'single-call', count: 2 });
    expect(response.statusCode).toBe(201);
    const body = response.json<Body>();
    expect(body.strategy).toBe('single-call');
    expect(body.personas.map((p) => p.name)).toEqual(['Batch Person 1', 'Batch Person 2']);

    const calls = requestsOf(stack.llm, 'batch');
    expect(calls).toHaveLength(2);
    const repair = calls[1]!.body!.messages!.map((m) => m.content).join('\n');
    expect(repair).toContain('expected exactly 2 personas, got 1');
    const stored = await stack.app.db.persona.findMany({ where: { ownerId: owner } });
    expect(stored.every((p) => p.generationStrategy === 'single-call' && p.status === 'ACTIVE')).toBe(true);
  });

  it('stores the ages as the model gave them, without filling gaps', async () => {
    stack.llm.setFallback(batchWithoutAges);
    const response = await generate({ ...REQUEST, strategy: 'single-call', count: 2 });
    expect(response.json<Body>().personas.map((p) => p.age)).toEqual([null, null]);
  });
});

describe('fixed-names', () => {
  it('draws distinct names of the requested country and gender and forces one on each parallel call', async () => {
    const german = ['Anna Müller', 'Lena Schmidt', 'Mia Schneider', 'Emma Fischer'];
    await seedNames([
      ...german.map((value) => ({ value, gender: 'FEMALE' as const, country: 'DE' })),
      { value: 'Lukas Weber', gender: 'MALE', country: 'DE' },
      { value: 'Emily Smith', gender: 'FEMALE', country: 'US' },
    ]);
    const response = await generate({
      ...REQUEST,
      strategy: 'fixed-names',
      count: 3,
      demographics: { ...REQUEST.demographics, gender: 'FEMALE' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<Body>();
    expect(body.strategy).toBe('fixed-names');
    const names = body.personas.map((p) => p.name);
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(german).toContain(name);
    expect(body.diversity.distinctNames).toBe(3);

    const calls = requestsOf(stack.llm, 'fixed-name');
    expect(calls).toHaveLength(3);
    expect(calls.map((r) => fixedNameOf(r)).sort()).toEqual([...names].sort());
    const stored = await stack.app.db.persona.findMany({ where: { ownerId: owner } });
    expect(stored.every((p) => p.generationStrategy === 'fixed-names' && p.country === 'DE' && p.status === 'ACTIVE')).toBe(true);
  });

  it('falls back to names of the same gender from any country when the country has none', async () => {
    await seedNames([
      { value: 'Lukas Weber', gender: 'MALE', country: 'DE' },
      { value: 'Hugo Martin', gender: 'MALE', country: 'FR' },
      { value: 'Anna Müller', gender: 'FEMALE', country: 'DE' },
    ]);
    const response = await generate({ strategy: 'fixed-names', count: 2, demographics: { country: 'ZZ', gender: 'MALE' } });
    expect(response.statusCode).toBe(201);
    expect(
      response
        .json<Body>()
        .personas.map((p) => p.name)
        .sort(),
    ).toEqual(['Hugo Martin', 'Lukas Weber']);
  });

  it('falls back to the built-in list when the names table is empty', async () => {
    const response = await generate({ strategy: 'fixed-names', count: 4, demographics: { country: 'JP', gender: 'FEMALE' } });
    expect(response.statusCode).toBe(201);
    const names = response.json<Body>().personas.map((p) => p.name);
    const japaneseWomen = BUILT_IN_NAMES.filter((n) => n.country === 'JP' && n.gender === 'FEMALE').map((n) => n.value);
    expect(new Set(names).size).toBe(4);
    for (const name of names) expect(japaneseWomen).toContain(name);
  });

  it('keeps the personas whose calls succeeded and lists the one that failed with its reason', async () => {
    await seedNames(['Anna Müller', 'Lena Schmidt', 'Mia Schneider'].map((value) => ({ value, gender: 'FEMALE' as const, country: 'DE' })));
    stack.llm.setFallback((request) =>
      fixedNameOf(request) === 'Lena Schmidt'
        ? { status: 400, body: JSON.stringify({ error: { message: 'refused' } }) }
        : fakePersonaModel(request),
    );
    const response = await generate({ strategy: 'fixed-names', count: 3, demographics: { country: 'DE', gender: 'FEMALE' } });
    expect(response.statusCode).toBe(201);
    const body = response.json<Body>();
    expect(body.personas.map((p) => p.name).sort()).toEqual(['Anna Müller', 'Mia Schneider']);
    expect(body.failures).toEqual([{ name: 'Lena Schmidt', reason: expect.stringMatching(/HTTP 400/) }]);
    expect(await stack.app.db.persona.count()).toBe(2);
  });

  it('answers 502 when every call failed', async () => {
    stack.llm.setFallback({ status: 400, body: JSON.stringify({ error: { message: 'refused' } }) });
    const response = await generate({ strategy: 'fixed-names', count: 2 });
    expect(response.statusCode).toBe(502);
    expect(response.json().detail).toMatch(/None of the 2 personas could be generated/);
    expect(await stack.app.db.persona.count()).toBe(0);
  });
});

describe('bad requests', () => {
  it.each([
    ['a count of 0', { count: 0 }, 'body/count'],
    ['a count of 11', { count: 11 }, 'body/count'],
    ['an unknown strategy', { count: 2, strategy: 'telepathy' }, 'body/strategy'],
    ['a minimum age above the maximum', { count: 2, demographics: { minAge: 50, maxAge: 30 } }, 'body/demographics/minAge'],
    ['an unknown field', { count: 2, colour: 'blue' }, 'body/colour'],
  ])('rejects %s with 400 naming the field', async (_, body, field) => {
    const response = await generate(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(stack.llm.requests).toHaveLength(0);
  });

  it('requires a signed-in user', async () => {
    const response = await stack.app.inject({ method: 'POST', url: '/personas/generate', payload: { count: 1 } });
    expect(response.statusCode).toBe(401);
  });

  it('answers another user’s generated persona with 404', async () => {
    const [persona] = (await generate({ count: 1 })).json<Body>().personas;
    const stranger = await createUser(stack.app.db);
    const response = await stack.app.inject({ url: `/personas/${persona!.id}`, headers: tokenFor(stranger) });
    expect(response.statusCode).toBe(404);
    expect((await stack.app.inject({ url: `/personas/${persona!.id}`, headers: tokenFor(owner) })).statusCode).toBe(200);
  });
});

describe('the cost of a generation', () => {
  it('is stored as one model call per gateway operation, with the tokens the provider reported and an unknown price as null', async () => {
    const before = await stack.app.db.modelCall.count({ where: { userId: owner } });
    expect((await generate(REQUEST)).statusCode).toBe(201);
    const [request] = requestsOf(stack.llm, 'batch');
    // The fake reports roughly four characters a token of the prompt and of its answer.
    const promptText = request!.body!.messages!.map((m) => m.content).join('\n');
    const rows = await stack.app.db.modelCall.findMany({ where: { userId: owner }, orderBy: { createdAt: 'desc' } });
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({ kind: 'PERSONA', sessionId: null, inputTokens: Math.ceil(promptText.length / 4), costUsd: null });
    expect(rows[0]!.outputTokens).toBeGreaterThan(0);
  });
});
