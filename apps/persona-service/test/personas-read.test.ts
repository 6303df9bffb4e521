import { createUser, tokenFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { usePersonaService } from './helper.js';

const stack = usePersonaService({ env: { CONSUMERS_ENABLED: 'false' } });
let owner: string;
let other: string;

beforeAll(async () => {
  owner = await createUser(stack.app.db);
  other = await createUser(stack.app.db);
});

async function persona(ownerId: string, status: 'ACTIVE' | 'GENERATING' | 'FAILED', name: string) {
  return stack.app.db.persona.create({ data: { ownerId, status, name, detailedBio: `${name} bio`, productAttitudes: 'careful' } });
}

describe('reading personas', () => {
  it('lists the owner’s personas newest first, paginated and filtered by status', async () => {
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push(await persona(owner, i % 2 ? 'GENERATING' : 'ACTIVE', `P${i}`));
    await persona(other, 'ACTIVE', 'Not mine');

    const page1 = (await stack.app.inject({ url: '/personas?pageSize=2', headers: tokenFor(owner) })).json();
    const page3 = (await stack.app.inject({ url: '/personas?pageSize=2&page=3', headers: tokenFor(owner) })).json();
    expect(page1.total).toBe(5);
    expect(page1.items.map((p: { name: string }) => p.name)).toEqual(['P4', 'P3']);
    expect(page3.items.map((p: { name: string }) => p.name)).toEqual(['P0']);

    const active = (await stack.app.inject({ url: '/personas?status=ACTIVE', headers: tokenFor(owner) })).json();
    expect(active.items.map((p: { name: string }) => p.name).sort()).toEqual(['P0', 'P2', 'P4']);
  });

  it('answers another user’s persona exactly like a missing one', async () => {
    const foreign = await persona(other, 'ACTIVE', 'Foreign');
    const missing = await stack.app.inject({ url: '/personas/00000000-0000-4000-8000-000000000000', headers: tokenFor(owner) });
    const theirs = await stack.app.inject({ url: `/personas/${foreign.id}`, headers: tokenFor(owner) });
    expect(theirs.statusCode).toBe(404);
    expect({ ...theirs.json(), instance: '' }).toEqual({ ...missing.json(), instance: '' });
    expect((await stack.app.inject({ method: 'DELETE', url: `/personas/${foreign.id}`, headers: tokenFor(owner) })).statusCode).toBe(404);
    expect((await stack.app.db.persona.findUnique({ where: { id: foreign.id } }))?.deletedAt).toBeNull();
  });

  it('soft-deletes a persona, which then reads as missing', async () => {
    const mine = await persona(owner, 'ACTIVE', 'Doomed');
    expect((await stack.app.inject({ method: 'DELETE', url: `/personas/${mine.id}`, headers: tokenFor(owner) })).statusCode).toBe(204);
    expect((await stack.app.inject({ url: `/personas/${mine.id}`, headers: tokenFor(owner) })).statusCode).toBe(404);
    expect((await stack.app.db.persona.findUnique({ where: { id: mine.id } }))?.deletedAt).toBeInstanceOf(Date);
  });

  it('rejects a bad status filter and a malformed id with 400', async () => {
    expect((await stack.app.inject({ url: '/personas?status=HAPPY', headers: tokenFor(owner) })).json().code).toBe('VALIDATION_FAILED');
    expect((await stack.app.inject({ url: '/personas/not-a-uuid', headers: tokenFor(owner) })).statusCode).toBe(400);
  });

  it('requires a token', async () => {
    expect((await stack.app.inject({ url: '/personas' })).statusCode).toBe(401);
  });
});
