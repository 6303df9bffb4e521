// persona.generation.queue: message in → generate one persona → ack. The broker acknowledges only
// when the handler resolves, which is after the persona's commit; a thrown error retries the task.
import { PersonaGenerationTask } from '@persona-lab/contracts';
import { PermanentError } from '@persona-lab/messaging';
import type { App } from '@persona-lab/service-kit';

import { ForeignPersonaError, handlePersonaGenerationTask } from '../domain/persona-generation.js';

export function consumePersonaTasks(app: App, options: { prefetch: number }) {
  return app.broker.consume(
    PersonaGenerationTask,
    async (task, context) => {
      try {
        const outcome = await handlePersonaGenerationTask(app.generation, task, context);
        context.log.info({ personaId: task.personaId, outcome }, 'persona task handled');
      } catch (error) {
        if (error instanceof ForeignPersonaError) throw new PermanentError(error.message, { cause: error });
        throw error;
      }
    },
    { prefetch: options.prefetch },
  );
}
