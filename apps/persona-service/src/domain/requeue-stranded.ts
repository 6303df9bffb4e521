// On start-up, give a new task to personas an outage left behind: still GENERATING, nobody holding
// a claim, untouched for a while (their task was dead-lettered, or its claim was never released).
// Runs once per instance start, not in a loop. A persona whose first task is merely still queued
// may get a second one; the claim makes the two generate it once.
import { PersonaGenerationTask } from '@persona-lab/contracts';
import type { RequestContext } from '@persona-lab/service-kit';

import type { GenerationDeps } from './deps.js';

/** A persona untouched this long while GENERATING is taken as stranded. */
export const STRANDED_AFTER_MS = 15 * 60_000;

export async function requeueStrandedPersonas(
  deps: Pick<GenerationDeps, 'db' | 'publisher'>,
  context: RequestContext & { now?: Date },
): Promise<number> {
  const now = context.now ?? new Date();
  const stranded = await deps.db.persona.findMany({
    where: {
      status: 'GENERATING',
      deletedAt: null,
      updatedAt: { lt: new Date(now.getTime() - STRANDED_AFTER_MS) },
      OR: [{ claimExpiresAt: null }, { claimExpiresAt: { lt: now } }],
    },
    select: { id: true, ownerId: true, variantNumber: true },
    take: 1_000,
  });
  for (const persona of stranded) {
    await deps.publisher.publish(
      PersonaGenerationTask,
      { personaId: persona.id, userId: persona.ownerId, variantNumber: persona.variantNumber ?? 0, requestId: context.requestId },
      { requestId: context.requestId },
    );
  }
  if (stranded.length) context.log.warn({ personas: stranded.length }, 'stranded GENERATING personas queued again');
  return stranded.length;
}
