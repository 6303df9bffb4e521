// The default deployment: the gateway's offline provider. Every strategy must turn its output into
// stored ACTIVE personas, so the platform works end to end without an API key.
import { createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { usePersonaService } from './helper.js';

const stack = usePersonaService({ offline: true });
let owner: string;

beforeAll(async () => {
  owner = await createUser(stack.app.db);
});

const REQUEST = {
  count: 4,
  demographics: { gender: 'FEMALE', country: 'FR', minAge: 25, maxAge: 55, incomeLevel: 'high' },
  psychographics: { interests: ['wine', 'opera'], values: ['tradition'], traits: ['meticulous'] },
};

describe('with the offline provider', () => {
  it.each(['prompt-builder', 'single-call', 'fixed-names'])('%s stores four ACTIVE personas with distinct names', async (strategy) => {
    const response = await stack.app.inject({
      method: 'POST',
      url: '/personas/generate',
      headers: tokenFor(owner),
      payload: { ...REQUEST, strategy },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.personas).toHaveLength(4);
    expect(body.failures).toEqual([]);
    expect(body.diversity.distinctNames).toBe(4);
    for (const persona of body.personas) {
      expect(persona).toMatchObject({ status: 'ACTIVE', country: 'FR', incomeLevel: 'high', generationStrategy: strategy });
      expect(persona.detailedBio.length).toBeGreaterThan(50);
    }
  });

  it('queued generates every persona in the background', async () => {
    const response = await stack.app.inject({
      method: 'POST',
      url: '/personas/generate',
      headers: tokenFor(owner),
      payload: { ...REQUEST, strategy: 'queued' },
    });
    expect(response.statusCode).toBe(202);
    const ids: string[] = response.json().personas.map((p: { id: string }) => p.id);
    const rows = await waitFor('the queued personas', async () => {
      const found = await stack.app.db.persona.findMany({ where: { id: { in: ids } } });
      return found.every((row) => row.status === 'ACTIVE') ? found : undefined;
    });
    expect(new Set(rows.map((row) => row.name)).size).toBe(4);
    expect(rows.map((row) => row.age).sort()).toEqual([25, 35, 45, 55]);
    expect(rows.every((row) => row.gender === 'FEMALE')).toBe(true);
  });
});
