// Personas generated asynchronously: rows stored as GENERATING and committed first, then one
// PersonaGenerationTask each, so a consumer never receives a task for a row it cannot see yet.
// A task that cannot be published marks its persona FAILED instead of leaving it GENERATING forever.
import { randomUUID } from 'node:crypto';

import { PersonaGenerationTask } from '@persona-lab/contracts';
import type { PersonaModel, PrismaClient } from '@persona-lab/db';
import type { RequestContext } from '@persona-lab/service-kit';

import type { GenerationDeps } from './deps.js';

/** A persona created by `queuePersonas`: its id and its status once queued. */
export type QueuedPersona = Pick<PersonaModel, 'id' | 'status'>;

/** A persona to create: what it is to be generated from. */
export type PersonaDraft = Pick<
  PersonaModel,
  'gender' | 'age' | 'country' | 'region' | 'incomeLevel' | 'interests' | 'values' | 'traits' | 'psychographicsNotes'
> & { variantNumber: number };

export async function queuePersonas(
  deps: Pick<GenerationDeps, 'db' | 'publisher'>,
  ownerId: string,
  drafts: PersonaDraft[],
  context: RequestContext,
  /** The feedback session the personas are for, so their generation counts toward its cost. */
  sessionId?: string,
): Promise<QueuedPersona[]> {
  if (drafts.length === 0) return [];
  const ids = drafts.map(() => randomUUID());
  await insertGenerating(deps.db, ownerId, drafts, ids);

  const published = await Promise.allSettled(
    drafts.map((draft, i) =>
      deps.publisher.publish(
        PersonaGenerationTask,
        {
          personaId: ids[i]!,
          userId: ownerId,
          variantNumber: draft.variantNumber,
          requestId: context.requestId,
          ...(sessionId ? { sessionId } : {}),
        },
        { requestId: context.requestId },
      ),
    ),
  );
  const unqueued = published.flatMap((outcome, i) =>
    outcome.status === 'rejected' ? [{ id: ids[i]!, error: outcome.reason as unknown }] : [],
  );
  for (const { id, error } of unqueued) {
    const reason = `The generation task could not be queued: ${error instanceof Error ? error.message : String(error)}`;
    context.log.error({ personaId: id, err: error }, 'persona generation task not published; persona marked FAILED');
    await deps.db.persona.updateMany({
      where: { id, status: 'GENERATING', claimToken: null },
      data: { status: 'FAILED', failureReason: reason },
    });
  }
  context.log.info({ personas: ids.length, unqueued: unqueued.length }, 'personas queued for generation');

  // The rest are GENERATING until a consumer claims them; a row whose task was not published is read back,
  // as its task may have reached a consumer all the same. Not the whole rows: an audience's 2,000 read through
  // Prisma took a third of a second of the session start.
  const readBack =
    unqueued.length === 0
      ? []
      : await deps.db.persona.findMany({ where: { id: { in: unqueued.map((u) => u.id) } }, select: { id: true, status: true } });
  const statuses = new Map(readBack.map((row) => [row.id, row.status]));
  return ids.map((id) => ({ id, status: statuses.get(id) ?? 'GENERATING' }));
}

/**
 * One statement: every row or none, from one JSON array of the drafts. Not createMany: Prisma's query
 * compiler spent about 1 ms of CPU per row on it and kept +50-90 MiB of RSS after 2,000 rows (a
 * session's largest audience), even in chunks.
 */
async function insertGenerating(db: PrismaClient, ownerId: string, drafts: PersonaDraft[], ids: string[]): Promise<void> {
  const rows = drafts.map((draft, i) => ({
    id: ids[i],
    gender: draft.gender,
    age: draft.age,
    country: draft.country,
    region: draft.region,
    income_level: draft.incomeLevel,
    interests: draft.interests,
    values: draft.values,
    traits: draft.traits,
    psychographics_notes: draft.psychographicsNotes,
    variant_number: draft.variantNumber,
  }));
  await db.$executeRaw`
    INSERT INTO personas (id, owner_id, status, generation_strategy, gender, age, country, region, income_level,
      interests, "values", traits, psychographics_notes, variant_number, updated_at)
    SELECT d.id, ${ownerId}::uuid, 'GENERATING', 'queued', d.gender, d.age, d.country, d.region, d.income_level,
      d.interests, d."values", d.traits, d.psychographics_notes, d.variant_number, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS d(id uuid, gender text, age int, country text, region text,
      income_level text, interests text[], "values" text[], traits text[], psychographics_notes text, variant_number int)`;
}
