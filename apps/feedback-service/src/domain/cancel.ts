// Cancelling a session: pending work is dropped, results already completed are kept, and the
// session ends CANCELLED with insights from what was completed so far.
import { Errors, type RequestContext } from '@persona-lab/service-kit';

import { buildInsights, type CompletionDeps } from './completion.js';
import { SESSION_NOT_FOUND } from './sessions.js';

export async function cancelSession(
  deps: CompletionDeps,
  ownerId: string,
  sessionId: string,
  { requestId, log }: RequestContext,
): Promise<void> {
  const { count } = await deps.db.feedbackSession.updateMany({
    where: { id: sessionId, ownerId, status: { in: ['PENDING', 'IN_PROGRESS'] } },
    data: { status: 'CANCELLED', completedAt: new Date() },
  });
  if (count === 0) {
    const session = await deps.db.feedbackSession.findFirst({ where: { id: sessionId, ownerId }, select: { status: true } });
    if (!session) throw new Errors.NotFound(SESSION_NOT_FOUND);
    throw new Errors.Conflict(`The session is already ${session.status.toLowerCase().replace('_', ' ')}`);
  }
  // Consumers also check the session's status, so a task already in a queue is dropped when it arrives.
  const dropped = await deps.db.feedbackResult.updateMany({
    where: { sessionId, status: 'PENDING' },
    data: { status: 'CANCELLED', queuedAt: null, completedAt: new Date() },
  });
  let insights = null;
  try {
    insights = await buildInsights(deps, sessionId, requestId);
  } catch (error) {
    log.warn({ err: error, sessionId }, 'insights of the cancelled session could not be built');
  }
  if (insights) await deps.db.feedbackSession.update({ where: { id: sessionId }, data: { insights } });
  deps.recordSession('cancelled');
  log.info({ sessionId, droppedResults: dropped.count }, 'feedback session cancelled');
  await deps.announce(sessionId);
}
