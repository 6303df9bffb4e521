// A generated persona must be the one asked for: requested gender (in any spelling), an age within the
// range, the requested country when the answer states one. A contradiction is sent back for repair
// with its reason; one that persists fails the operation as a validation error naming the field.
import { AI_GATEWAY_ROUTES, genderOf, type GeneratedPersona } from '@persona-lab/contracts';
import { describe, expect, it } from 'vitest';

import { countryCodeOf } from '../src/domain/persona-fidelity.js';
import { persona, SERVICE_HEADERS, useAiGateway } from './helper.js';

const gateway = useAiGateway();

const WOMEN_20_TO_30 = { count: 3, demographics: { gender: 'FEMALE', country: 'DE', minAge: 20, maxAge: 30 } };

function post(route: string, payload: object) {
  return gateway.app.inject({ method: 'POST', url: route, headers: SERVICE_HEADERS, payload });
}

const woman = (name: string, age: number, more: Partial<GeneratedPersona> & { country?: string } = {}) => ({
  ...persona(name, age),
  gender: 'female',
  ...more,
});
const answer = (...personas: object[]) => JSON.stringify(personas.length === 1 ? personas[0] : personas);

function repairOf(index: number): string {
  return gateway.fake.requests[index]?.body?.messages?.at(-1)?.content ?? '';
}

describe('a batch of personas', () => {
  it('is sent back when it contradicts the requested gender and age range, with the reasons, and the corrected answer is used', async () => {
    gateway.fake.enqueue(
      answer(woman('Anna', 20), woman('Ben', 25, { gender: 'male' }), woman('Clara', 70)),
      answer(woman('Anna', 20), woman('Berta', 25), woman('Clara', 30)),
    );
    const res = await post(AI_GATEWAY_ROUTES.generatePersonas, WOMEN_20_TO_30);
    expect(res.statusCode).toBe(200);
    expect(res.json().personas.map((p: GeneratedPersona) => [p.name, p.gender, p.age])).toEqual([
      ['Anna', 'female', 20],
      ['Berta', 'female', 25],
      ['Clara', 'female', 30],
    ]);
    expect(res.json().metadata.attempts).toBe(2);
    expect(repairOf(1)).toBe(
      'Your previous answer could not be used: persona 2: "gender" must be female, as requested; ' +
        'persona 3: "age" is 70, outside the requested range 20-30. ' +
        'Answer again with ONLY a JSON array of exactly 3 persona objects that match the DEMOGRAPHICS, no markdown, no commentary.',
    );
  });

  it('fails as a validation error naming the gender when every answer contradicts it', async () => {
    gateway.fake.setFallback(answer(woman('Anna', 20), woman('Ben', 25, { gender: 'male' }), woman('Clara', 30)));
    const res = await post(AI_GATEWAY_ROUTES.generatePersonas, WOMEN_20_TO_30);
    expect(res.statusCode).toBe(502);
    expect(res.headers['x-ai-error-kind']).toBe('validation');
    expect(res.headers['x-ai-retryable']).toBe('false');
    expect(res.json().detail).toBe('The model\'s answer was unusable after 5 attempts: persona 2: "gender" must be female, as requested');
    expect(gateway.fake.requests).toHaveLength(5);
  });

  it('accepts the requested gender in any spelling, and personas that leave gender and age out', async () => {
    const { gender: _, age: __, ...unsaid } = woman('Dora', 22);
    gateway.fake.enqueue(answer(woman('Anna', 20, { gender: 'Woman' }), woman('Berta', 25, { gender: 'F' }), unsaid));
    const res = await post(AI_GATEWAY_ROUTES.generatePersonas, WOMEN_20_TO_30);
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata.attempts).toBe(1);
    expect(res.json().personas.map((p: GeneratedPersona) => p.gender)).toEqual(['Woman', 'F', undefined]);
  });

  it('checks no gender when none was requested', async () => {
    gateway.fake.enqueue(answer(woman('Anna', 20), woman('Ben', 25, { gender: 'male' }), woman('Kim', 30, { gender: 'non-binary' })));
    const res = await post(AI_GATEWAY_ROUTES.generatePersonas, { ...WOMEN_20_TO_30, demographics: { minAge: 20, maxAge: 30 } });
    expect(res.statusCode).toBe(200);
  });
});

describe('one persona', () => {
  const request = { name: 'Anna Weber', demographics: { gender: 'FEMALE', country: 'DE', minAge: 20, maxAge: 30 } };

  it('is sent back when it says it lives in another country, and the stated country is not passed on', async () => {
    gateway.fake.enqueue(
      answer(woman('Anna Weber', 24, { country: 'France' })),
      answer(woman('Anna Weber', 24, { country: 'Munich, Germany' })),
    );
    const res = await post(AI_GATEWAY_ROUTES.generatePersonaWithName, request);
    expect(res.statusCode).toBe(200);
    expect(res.json().persona).not.toHaveProperty('country');
    expect(repairOf(1)).toContain('Your previous answer could not be used: "country" must be Germany (DE), as requested.');
  });

  it('is sent back when its age is outside the range, then fails naming the age', async () => {
    gateway.fake.setFallback(answer(woman('Ann Lee', 70)));
    const res = await post(AI_GATEWAY_ROUTES.generatePersonaDetails, { demographics: request.demographics });
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toContain('unusable after 3 attempts: "age" is 70, outside the requested range 20-30');
    expect(repairOf(1)).toContain('"age" is 70, outside the requested range 20-30');
    expect(repairOf(1)).toContain('that matches the DEMOGRAPHICS');
  });

  it('is asked to state its country and to match the demographics', async () => {
    gateway.fake.enqueue(answer(woman('Anna Weber', 24)));
    await post(AI_GATEWAY_ROUTES.generatePersonaWithName, request);
    const system = gateway.fake.requests[0]?.body?.messages?.[0]?.content ?? '';
    expect(system).toContain('"country" (string, optional): ISO 3166-1 alpha-2 code');
    expect(system).toContain("The persona's gender, age and country match the DEMOGRAPHICS");
  });
});

describe('reading what the model said', () => {
  it('reads a gender in its usual spellings', () => {
    for (const text of ['female', 'Female', 'FEMALE', 'F', 'woman', 'Woman', 'cis woman', 'she/her', 'Lady'])
      expect(genderOf(text), text).toBe('FEMALE');
    for (const text of ['male', 'MALE', 'm', 'Man', 'he/him', 'gentleman']) expect(genderOf(text), text).toBe('MALE');
    for (const text of ['non-binary', '', 'male/female', 'unknown']) expect(genderOf(text), text).toBeUndefined();
  });

  it('reads a country from a code, a name, an alias or the end of a location', () => {
    expect(countryCodeOf('de')).toBe('DE');
    expect(countryCodeOf('Germany')).toBe('DE');
    expect(countryCodeOf('the Netherlands')).toBe('NL');
    expect(countryCodeOf('USA')).toBe('US');
    expect(countryCodeOf('U.K.')).toBe('GB');
    expect(countryCodeOf('Munich, Bavaria, Germany')).toBe('DE');
    expect(countryCodeOf('Santa Fe, New Mexico')).toBeUndefined();
    expect(countryCodeOf('Bavaria')).toBeUndefined();
  });
});
