// Personas for a feedback session's target audience: the audience spread over N variations; each
// variation reuses an ACTIVE persona of the same user that matches it, the rest are created and
// queued (every row committed before any task is published). Reuse compares the dimensions the
// audience sets (gender, age, region, income level, country); one it leaves open matches anything.
import type { FindOrCreatePersonasRequest, FindOrCreatePersonasResponse, PersonaStatus } from '@persona-lab/contracts';
import type { Prisma } from '@persona-lab/db';
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

/** What a reusable persona must have in common with the variation. */
function matchOf(variation: Variation): Prisma.PersonaWhereInput {
  return {
    ...(variation.gender !== null ? { gender: variation.gender } : {}),
    ...(variation.age !== null ? { age: variation.age } : {}),
    ...(variation.region !== null ? { region: variation.region } : {}),
    ...(variation.incomeLevel !== null ? { incomeLevel: variation.incomeLevel } : {}),
    ...(variation.country !== null ? { country: variation.country } : {}),
  };
}

const keyOf = (variation: Variation) =>
  JSON.stringify([variation.gender, variation.age, variation.region, variation.incomeLevel, variation.country]);

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
  const reusable = new Map<string, string[]>();
  for (const [key, alike] of groups) {
    const rows = await deps.db.persona.findMany({
      where: { ownerId, status: 'ACTIVE', deletedAt: null, ...matchOf(alike[0]!) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: alike.length,
      select: { id: true },
    });
    reusable.set(
      key,
      rows.map((row) => row.id),
    );
  }
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
