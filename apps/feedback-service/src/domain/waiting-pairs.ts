// Pairs waiting on a persona: when its status event arrives, dispatch (ACTIVE) or fail (FAILED) that
// persona's pending pairs in every running session, then see whether a session has finished.
import type { PersonaStatusChangedMessage } from '@persona-lab/contracts';
import { dispatchPersonaPairs } from './dispatch.js';
import type { SessionDeps } from './sessions.js';

export async function onPersonaStatusChanged(sessions: SessionDeps, event: PersonaStatusChangedMessage, requestId: string) {
  const outcome = await dispatchPersonaPairs(sessions, event.personaId, requestId);
  for (const sessionId of outcome.sessionsWithFailures) {
    await sessions.announce(sessionId);
    await sessions.completeIfFinished(sessionId, requestId);
  }
  return outcome;
}
