// Replaying a finished session: a new session with the same products, the same personas (not
// regenerated), the same language and the same seed. The gateway's response cache then answers
// every call that asks what the original asked, so an unchanged study comes back identical and costs
// nothing; whatever changed since (a product's text, a persona) is asked afresh.
import type { StartFeedbackSessionResponse } from '@persona-lab/contracts';
import { Errors, type RequestContext } from '@persona-lab/service-kit';

import type { FeedbackDeps } from './deps.js';
import { SESSION_NOT_FOUND, startSession } from './sessions.js';

/** Sessions still running cannot be replayed: their answers are not all there to repeat. */
const RUNNING = new Set(['PENDING', 'IN_PROGRESS']);

export async function replaySession(
  deps: FeedbackDeps,
  ownerId: string,
  sessionId: string,
  context: RequestContext,
): Promise<StartFeedbackSessionResponse> {
  const original = await deps.db.feedbackSession.findFirst({
    where: { id: sessionId, ownerId },
    select: { status: true, language: true, seed: true, products: { orderBy: { position: 'asc' }, select: { productId: true } } },
  });
  if (!original) throw new Errors.NotFound(SESSION_NOT_FOUND);
  if (RUNNING.has(original.status)) throw new Errors.Conflict('The session is still running; replay it once it has finished');
  if (original.seed === null) throw new Errors.Conflict('The session was started before sessions had seeds; it cannot be replayed exactly');

  // The panel as it was: every persona the original asked, whatever became of its answers.
  const personas = await deps.db.feedbackResult.findMany({
    where: { sessionId },
    distinct: ['personaId'],
    orderBy: { personaId: 'asc' },
    select: { personaId: true },
  });
  return startSession(
    deps,
    ownerId,
    {
      productIds: original.products.map((p) => p.productId),
      personaIds: personas.map((p) => p.personaId),
      language: original.language,
      seed: original.seed,
    },
    context,
    { replayOf: sessionId },
  );
}
