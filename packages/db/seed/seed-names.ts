// Seeds the `names` table from SEED_NAMES. Safe to run any number of times: rows already present
// (same country, gender and value) are skipped by the unique index, never duplicated or changed.
import { Gender, type PrismaClient } from '../src/index.js';
import { SEED_COUNTRIES, SEED_NAMES } from './names.js';

export interface NameRow {
  country: string;
  gender: Gender;
  value: string;
}

export interface SeedNamesResult {
  /** Names in the seed data. */
  defined: number;
  /** Of those, rows this run added. */
  inserted: number;
  /** Rows in the table afterwards. */
  total: number;
}

export function seedNameRows(): NameRow[] {
  return SEED_COUNTRIES.flatMap((country) =>
    [Gender.MALE, Gender.FEMALE].flatMap((gender) =>
      SEED_NAMES[country][gender].map((value) => ({ country, gender, value })),
    ),
  );
}

export async function seedNames(prisma: PrismaClient): Promise<SeedNamesResult> {
  const rows = seedNameRows();
  const { count } = await prisma.name.createMany({ data: rows, skipDuplicates: true });
  const total = await prisma.name.count();
  return { defined: rows.length, inserted: count, total };
}
