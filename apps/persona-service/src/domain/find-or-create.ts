// Personas for a feedback session's target audience: the audience spread over N variations; each
// variation reuses an ACTIVE persona of the same user that matches it, the rest are created and
// queued (every row committed before any task is published). Reuse compares the dimensions the
// audience sets (gender, age, region, income level, country); one it leaves open matches anything.
import type { FindOrCreatePersonasRequest, FindOrCreatePersonasResponse, PersonaStatus } from '@persona-lab/contracts';
import { Prisma } from '@persona-lab/db';
import type { RequestContext } from '@persona-lab/service-kit';
import { fieldError } from '@persona-lab/service-kit';

import type { GenerationDeps } from './deps.js';
import { type PersonaDraft, queuePersonas } from './queue-personas.js';
import { psychographicsColumns, psychographicsOf } from './source.js';
import { InvalidAgeRangeError, spreadVariations, type Variation } from './variations.js';

type Deps = Pick<GenerationDeps, 'db' | 'publisher'>;

function variationsOf(request: FindOrCreatePersonasRequest): Variation[] {
  try {
    return spreadVariations(request.audience, request.count);
  } catch (error) {
    if (error instanceof InvalidAgeRangeError) throw fieldError('body/audience/ageRanges', `has ${error.message}`);
    throw error;
  }
}

/** The dimensions a variation may set, as a reusable persona's columns name them. */
const DIMENSIONS = [
  { field: 'gender', column: 'gender', type: 'text' },
  { field: 'age', column: 'age', type: 'int' },
  { field: 'region', column: 'region', type: 'text' },
  { field: 'incomeLevel', column: 'income_level', type: 'text' },
  { field: 'country', column: 'country', type: 'text' },
] as const;

/**
 * The reusable personas of each group of alike variations, oldest first, at most as many as the group has:
 * one statement for every group (an audience of 2,000 spreads over dozens of concrete ages, and one query
 * per group held up the session's start). A persona matches on the dimensions the audience sets; all of a
 * request's variations set the same ones, so the match compares only those, each by equality (the
 * personas' audience index serves it).
 */
async function reusablePersonas(db: Deps['db'], ownerId: string, groups: Variation[][]): Promise<string[][]> {
  if (groups.length === 0) return [];
  const set = DIMENSIONS.filter(({ field }) => groups[0]![0]![field] !== null);
  const wanted = groups.map((alike, group) => ({
    group,
    count: alike.length,
    ...Object.fromEntries(set.map(({ field }) => [field, alike[0]![field]])),
  }));
  const columns = Prisma.join(
    [Prisma.sql`"group" int`, Prisma.sql`count int`, ...set.map(({ field, type }) => Prisma.raw(`"${field}" ${type}`))],
    ', ',
  );
  const matches = set.length === 0 ? Prisma.empty : Prisma.raw(set.map(({ field, column }) => ` AND p.${column} = w."${field}"`).join(''));
  const rows = await db.$queryRaw<{ group: number; id: string }[]>`
    SELECT w."group", picked.id
    FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(${columns})
    CROSS JOIN LATERAL (
      SELECT p.id, p.created_at FROM personas AS p
      WHERE p.owner_id = ${ownerId}::uuid AND p.status = 'ACTIVE' AND p.deleted_at IS NULL${matches}
      ORDER BY p.created_at, p.id
      LIMIT w.count
    ) AS picked
    ORDER BY w."group", picked.created_at, picked.id`;
  const reusable = groups.map((): string[] => []);
  for (const row of rows) reusable[row.group]!.push(row.id);
  return reusable;
}

/** Variations alike on every dimension share a key, so one lookup serves them. */
const keyOf = (variation: Variation) => JSON.stringify(DIMENSIONS.map(({ field }) => variation[field]));

export async function findOrCreatePersonas(
  deps: Deps,
  request: FindOrCreatePersonasRequest,
  context: RequestContext,
): Promise<FindOrCreatePersonasResponse> {
  const variations = variationsOf(request);
  const ownerId = request.userId;
  // Without this the new rows would fail on their foreign key, as a 500.
  if (!(await deps.db.user.findUnique({ where: { id: ownerId }, select: { id: true } }))) {
    throw fieldError('body/userId', 'is not a known user');
  }

  // Variations that look alike share one query; each persona found is handed out once.
  const groups = new Map<string, Variation[]>();
  for (const variation of variations) {
    const alike = groups.get(keyOf(variation));
    if (alike) alike.push(variation);
    else groups.set(keyOf(variation), [variation]);
  }
  const found = await reusablePersonas(deps.db, ownerId, [...groups.values()]);
  const reusable = new Map([...groups.keys()].map((key, i) => [key, found[i]!]));
  // The first unused persona of the variation's group, found by a cursor per group rather than a search
  // from the start for each variation (up to 2,000 of them).
  const used = new Set<string>();
  const cursors = new Map<string, number>();
  const reused = variations.map((variation) => {
    const key = keyOf(variation);
    const candidates = reusable.get(key)!;
    let next = cursors.get(key) ?? 0;
    while (next < candidates.length && used.has(candidates[next]!)) next += 1;
    const id = candidates[next];
    cursors.set(key, next + 1);
    if (id) used.add(id);
    return id;
  });

  const psychographics = psychographicsColumns(psychographicsOf(request.audience.psychographics));
  const toCreate = variations.filter((_, i) => reused[i] === undefined);
  const drafts: PersonaDraft[] = toCreate.map((variation) => ({
    ...psychographics,
    gender: variation.gender,
    age: variation.age,
    region: variation.region,
    incomeLevel: variation.incomeLevel,
    country: variation.country,
    variantNumber: variation.variantNumber,
  }));
  const created = await queuePersonas(deps, ownerId, drafts, context, request.sessionId);
  context.log.info({ userId: ownerId, reused: used.size, created: created.length }, 'personas found or created');

  let next = 0;
  return {
    personas: reused.map((id) => {
      if (id) return { id, status: 'ACTIVE' as PersonaStatus, reused: true };
      const row = created[next++]!;
      return { id: row.id, status: row.status as PersonaStatus, reused: false };
    }),
  };
}
