// Drawing distinct names for the fixed-names strategy: the requested country and gender first,
// then the same gender from any country, then a built-in list (for an empty or missing table).
import { randomInt } from 'node:crypto';

import { type PrismaClient, SEED_COUNTRIES, SEED_NAMES } from '@persona-lab/db';

export type NameGender = 'MALE' | 'FEMALE';

export interface DrawnName {
  value: string;
  gender: NameGender;
  /** Where the name came from, so the answer can say when a fallback was used. */
  source: 'country' | 'any-country' | 'built-in';
}

export interface BuiltInName {
  value: string;
  gender: NameGender;
  country: string;
}

/** The seed data itself, for when the table is empty or was never seeded. */
export const BUILT_IN_NAMES: readonly BuiltInName[] = SEED_COUNTRIES.flatMap((country) =>
  (['MALE', 'FEMALE'] as const).flatMap((gender) => SEED_NAMES[country][gender].map((value) => ({ value, gender, country }))),
);

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Genders to draw for `count` names: the requested one, or alternating when none was asked for. */
function gendersFor(count: number, gender?: NameGender): NameGender[] {
  return Array.from({ length: count }, (_, i) => gender ?? (i % 2 === 0 ? 'FEMALE' : 'MALE'));
}

export async function drawNames(
  db: PrismaClient,
  request: { count: number; country?: string; gender?: NameGender },
  builtIn: readonly BuiltInName[],
): Promise<DrawnName[]> {
  const wanted = gendersFor(request.count, request.gender);
  const genders = [...new Set(wanted)];
  const rows = await db.name.findMany({ where: { gender: { in: genders } }, select: { value: true, gender: true, country: true } });

  const taken = new Set<string>();
  const pools: Record<DrawnName['source'], Record<NameGender, { value: string }[]>> = {
    country: { MALE: [], FEMALE: [] },
    'any-country': { MALE: [], FEMALE: [] },
    'built-in': { MALE: [], FEMALE: [] },
  };
  for (const row of shuffle(rows)) {
    const pool = request.country && row.country === request.country ? 'country' : 'any-country';
    pools[pool][row.gender as NameGender].push(row);
  }
  for (const name of shuffle([...builtIn])) {
    const pool = pools['built-in'][name.gender];
    if (!request.country || name.country === request.country) pool.unshift(name);
    else pool.push(name);
  }

  const drawn: DrawnName[] = [];
  for (const gender of wanted) {
    for (const source of ['country', 'any-country', 'built-in'] as const) {
      const candidate = pools[source][gender].find((name) => !taken.has(name.value));
      if (candidate) {
        taken.add(candidate.value);
        drawn.push({ value: candidate.value, gender, source });
        break;
      }
    }
  }
  return drawn;
}
