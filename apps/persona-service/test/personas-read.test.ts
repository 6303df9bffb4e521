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

  describe('filtered by the fields the insights segment by', () => {
    const names = (body: { items: { name: string }[] }) => body.items.map((p) => p.name).sort();
    const list = async (ownerId: string, query: string) => {
      const response = await stack.app.inject({ url: `/personas?${query}`, headers: tokenFor(ownerId) });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    let filterer: string;

    beforeAll(async () => {
      filterer = await createUser(stack.app.db);
      const rows = [
        { ownerId: filterer, status: 'ACTIVE', name: 'Anna', gender: 'FEMALE', ageGroup: '25-34', country: 'DE' },
        { ownerId: filterer, status: 'ACTIVE', name: 'Bert', gender: 'MALE', ageGroup: '25-34', country: 'DE' },
        { ownerId: filterer, status: 'ACTIVE', name: 'Cleo', gender: 'FEMALE', ageGroup: '35-44', country: 'FR' },
        { ownerId: filterer, status: 'FAILED', name: 'Dana', gender: 'FEMALE', ageGroup: '25-34', country: 'DE' },
        { ownerId: filterer, status: 'ACTIVE', name: 'Emil', gender: 'MALE', ageGroup: null, country: 'DE' },
        // Another user's personas match every filter and must never be listed.
        { ownerId: other, status: 'ACTIVE', name: 'Foreign Anna', gender: 'FEMALE', ageGroup: '25-34', country: 'DE' },
        { ownerId: other, status: 'ACTIVE', name: 'Foreign Emil', gender: 'MALE', ageGroup: null, country: 'DE' },
      ] as const;
      for (const row of rows) {
        await stack.app.db.persona.create({ data: { ...row, detailedBio: `${row.name} bio`, productAttitudes: 'careful' } });
      }
    });

    it('combines gender, age group, country and status, and counts only the matches', async () => {
      const body = await list(filterer, 'gender=FEMALE&ageGroup=25-34&country=DE&status=ACTIVE');
      expect(names(body)).toEqual(['Anna']);
      expect(body.total).toBe(1);
      expect(names(await list(filterer, 'gender=FEMALE'))).toEqual(['Anna', 'Cleo', 'Dana']);
      expect(names(await list(filterer, 'country=FR'))).toEqual(['Cleo']);
      expect(names(await list(filterer, 'ageGroup=25-34&status=ACTIVE'))).toEqual(['Anna', 'Bert']);
    });

    it('finds the personas without an age group as "unknown", as the segments name them', async () => {
      expect(names(await list(filterer, 'ageGroup=unknown'))).toEqual(['Emil']);
    });

    it('pages through the filtered personas with the filtered total', async () => {
      const first = await list(filterer, 'ageGroup=25-34&pageSize=2&page=1');
      const second = await list(filterer, 'ageGroup=25-34&pageSize=2&page=2');
      expect(first.total).toBe(3);
      expect(second.total).toBe(3);
      expect(first.items).toHaveLength(2);
      expect(second.items).toHaveLength(1);
      expect([...names(first), ...names(second)].sort()).toEqual(['Anna', 'Bert', 'Dana']);
    });

    it('never lists another user’s personas, whatever the filters', async () => {
      expect(names(await list(filterer, 'gender=MALE&country=DE'))).toEqual(['Bert', 'Emil']);
      expect(names(await list(other, 'gender=FEMALE&ageGroup=25-34&country=DE'))).toEqual(['Foreign Anna']);
    });

    it.each([
      ['gender=DIVERSE', 'querystring/gender'],
      ['country=de', 'querystring/country'],
      ['country=DEU', 'querystring/country'],
      ['ageGroup=', 'querystring/ageGroup'],
      [`ageGroup=${'1'.repeat(33)}`, 'querystring/ageGroup'],
      ['status=happy', 'querystring/status'],
    ])('refuses %s with a problem naming %s', async (query, field) => {
      const response = await stack.app.inject({ url: `/personas?${query}`, headers: tokenFor(filterer) });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
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
