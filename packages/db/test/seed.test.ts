import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SEED_COUNTRIES } from '../seed/names.js';
import { seedNameRows, seedNames } from '../seed/seed-names.js';
import { createPrismaClient, type PrismaClient } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/test-database.js';

let database: TestDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient({ url: database.url, poolSize: 2 });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

/** Rows per (country, gender) as a sorted list of "CC GENDER count". */
async function countsPerGroup(): Promise<string[]> {
  const groups = await prisma.name.groupBy({ by: ['country', 'gender'], _count: { _all: true } });
  return groups.map((g) => `${g.country} ${g.gender} ${g._count._all}`).sort();
}

const tenOfEach = SEED_COUNTRIES.flatMap((country) => [`${country} FEMALE 10`, `${country} MALE 10`]).sort();

describe('names seed', () => {
  it('defines 400 distinct names for the 20 countries, each a full name', () => {
    const rows = seedNameRows();
    expect(rows).toHaveLength(400);
    expect(new Set(SEED_COUNTRIES).size).toBe(20);
    expect(new Set(rows.map((r) => `${r.country}|${r.gender}|${r.value}`)).size).toBe(400);
    for (const { value } of rows) expect(value).toMatch(/^\S+( \S+)+$/u);
  });

  it('fills a fresh database with 400 names, 10 per country and gender', async () => {
    const result = await seedNames(prisma);
    expect(result).toEqual({ defined: 400, inserted: 400, total: 400 });
    expect(await prisma.name.count()).toBe(400);
    expect(await countsPerGroup()).toEqual(tenOfEach);
    const tanaka = await prisma.name.findFirst({ where: { country: 'JP', gender: 'MALE', value: 'Hiroshi Tanaka' } });
    expect(tanaka).not.toBeNull();
  });

  it('adds nothing when run again', async () => {
    await seedNames(prisma);
    const again = await seedNames(prisma);
    expect(again).toEqual({ defined: 400, inserted: 0, total: 400 });
    expect(await countsPerGroup()).toEqual(tenOfEach);
  });
});
