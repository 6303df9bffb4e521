// Pairs waiting on a persona: when its status event arrives, dispatch (ACTIVE) or fail (FAILED) that
// persona's pending pairs in every running session, then see whether a session has finished.
import type { PersonaStatusChangedMessage } from '@persona-lab/contracts';
import type { RequestContext } from '@persona-lab/service-kit';

import { completeIfFinished } from './completion.js';
import type { FeedbackDeps } from './deps.js';
import { dispatchPersonaPairs } from './dispatch.js';

export async function onPersonaStatusChanged(deps: FeedbackDeps, event: PersonaStatusChangedMessage, context: RequestContext) {
  const outcome = await dispatchPersonaPairs(deps, event.personaId, context.requestId);
  for (const sessionId of outcome.sessionsWithFailures) {
    await deps.announce(sessionId);
    await completeIfFinished(deps, sessionId, context);
  }
  return outcome;
}
