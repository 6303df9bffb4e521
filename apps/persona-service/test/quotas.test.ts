// The daily budget of model calls and the account check of POST /personas/generate (issue 11): a
// request over the budget, or from an account that is gone, starts nothing and stores nothing.
import { createUser, tokenFor } from '@persona-lab/testing';
import { beforeEach, describe, expect, it } from 'vitest';

import { usePersonaService } from './helper.js';

const stack = usePersonaService({ env: { CONSUMERS_ENABLED: 'false', QUOTA_LLM_CALLS_PER_DAY: '12' } });
beforeEach(() => stack.llm.reset());

const REQUEST = { count: 5, demographics: { country: 'DE', minAge: 20, maxAge: 60 } };
const generate = (userId: string, body: object) =>
  stack.app.inject({ method: 'POST', url: '/personas/generate', headers: tokenFor(userId), payload: body });
const usedToday = async (userId: string) => (await stack.app.db.llmUsageDaily.findFirst({ where: { userId } }))?.calls ?? 0;
const personasOf = (ownerId: string) => stack.app.db.persona.count({ where: { ownerId } });

describe('model calls per day', () => {
  it('counts one call for a batch and one per persona for queued generation', async () => {
    const owner = await createUser(stack.app.db);
    expect((await generate(owner, { ...REQUEST, strategy: 'prompt-builder' })).statusCode).toBe(201);
    expect(await usedToday(owner)).toBe(1);
    expect((await generate(owner, { ...REQUEST, strategy: 'queued' })).statusCode).toBe(202);
    expect(await usedToday(owner)).toBe(6);
  });

  it('refuses with 429 a request that would pass the budget, before any model call, storing nothing', async () => {
    const owner = await createUser(stack.app.db);
    expect((await generate(owner, { ...REQUEST, count: 10, strategy: 'queued' })).statusCode).toBe(202);
    const personas = await personasOf(owner);
    stack.llm.reset();

    const refused = await generate(owner, { ...REQUEST, count: 3, strategy: 'fixed-names' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'llm-calls-per-day' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(stack.llm.requests).toHaveLength(0);
    expect(await personasOf(owner)).toBe(personas);
    expect(await usedToday(owner)).toBe(10);

    // Two calls are left: a batch of any size takes one.
    expect((await generate(owner, { ...REQUEST, count: 10, strategy: 'prompt-builder' })).statusCode).toBe(201);
  });

  it('keeps each user’s budget apart', async () => {
    const spender = await createUser(stack.app.db);
    await generate(spender, { ...REQUEST, count: 10, strategy: 'queued' });
    const other = await createUser(stack.app.db);
    expect((await generate(other, { ...REQUEST, count: 10, strategy: 'queued' })).statusCode).toBe(202);
  });
});

describe('the account behind the token', () => {
  it('answers 401 for a deactivated account and stores nothing', async () => {
    const owner = await createUser(stack.app.db);
    await stack.app.db.user.update({ where: { id: owner }, data: { isActive: false } });
    const res = await generate(owner, REQUEST);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
    expect(stack.llm.requests).toHaveLength(0);
    expect(await personasOf(owner)).toBe(0);
  });

  it('answers 401, not 500, for a valid token of a user that does not exist', async () => {
    for (const strategy of ['prompt-builder', 'queued']) {
      const res = await generate('5d0c2f8e-4b7a-4c1e-9f3d-2a6b8c0e1f47', { ...REQUEST, strategy });
      expect(res.statusCode).toBe(401);
    }
    expect(stack.llm.requests).toHaveLength(0);
  });
});
