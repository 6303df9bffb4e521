// Personas generated asynchronously: rows stored as GENERATING and committed first, then one
// PersonaGenerationTask each, so a consumer never receives a task for a row it cannot see yet.
// A task that cannot be published marks its persona FAILED instead of leaving it GENERATING forever.
import { randomUUID } from 'node:crypto';

import { PersonaGenerationTask } from '@persona-lab/contracts';
import type { PersonaModel, Prisma } from '@persona-lab/db';
import type { RequestContext } from '@persona-lab/service-kit';

import type { GenerationDeps } from './deps.js';

/** A persona to create: everything but the owner, id and status. */
export type PersonaDraft = Omit<Prisma.PersonaCreateManyInput, 'id' | 'ownerId' | 'status'> & { variantNumber: number };

export async function queuePersonas(
  deps: Pick<GenerationDeps, 'db' | 'publisher'>,
  ownerId: string,
  drafts: PersonaDraft[],
  context: RequestContext,
  /** The feedback session the personas are for, so their generation counts toward its cost. */
  sessionId?: string,
): Promise<PersonaModel[]> {
  if (drafts.length === 0) return [];
  const ids = drafts.map(() => randomUUID());
  // One statement: every row or none.
  await deps.db.persona.createMany({
    data: drafts.map((draft, i) => ({ ...draft, id: ids[i]!, ownerId, status: 'GENERATING' as const, generationStrategy: 'queued' })),
  });

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

  const rows = await deps.db.persona.findMany({ where: { id: { in: ids } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}
