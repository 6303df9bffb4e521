// A persona the feedback-service was waiting for became ACTIVE (dispatch its pairs) or FAILED
// (fail them). This is how sessions wait for personas without polling.
import { PersonaStatusChanged } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';

import { onPersonaStatusChanged } from '../domain/waiting-pairs.js';

export function consumePersonaStatus(app: App, options: { prefetch: number }) {
  return app.broker.consume(
    PersonaStatusChanged,
    async (event, context) => {
      const { dispatched, sessionsWithFailures } = await onPersonaStatusChanged(app.feedback, event, context);
      context.log.info(
        { personaId: event.personaId, status: event.status, dispatched, sessionsWithFailures: sessionsWithFailures.length },
        'persona status handled',
      );
    },
    { prefetch: options.prefetch },
  );
}
