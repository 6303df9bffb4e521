// Pairs waiting on a persona: when its status event arrives, dispatch (ACTIVE) or fail (FAILED) the
// pending results of every running session that uses it, then see whether a session has finished.
import type { PersonaStatusChangedMessage } from '@persona-lab/contracts';
import { dispatchReadyPairs, type SessionDeps } from './sessions.js';

export async function onPersonaStatusChanged(sessions: SessionDeps, event: PersonaStatusChangedMessage, requestId: string): Promise<number> {
  const waiting = await sessions.db.feedbackResult.findMany({
    where: { personaId: event.personaId, status: 'PENDING', session: { status: 'IN_PROGRESS' } },
    select: { sessionId: true },
    distinct: ['sessionId'],
  });
  for (const { sessionId } of waiting) {
    const { failed } = await dispatchReadyPairs(sessions, sessionId, requestId);
    if (failed > 0) {
      await sessions.announce(sessionId);
      await sessions.completeIfFinished(sessionId, requestId);
    }
  }
  return waiting.length;
}
