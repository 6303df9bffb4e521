// Internal HTTP for other services (service credential required, never a user token).
import { FindOrCreatePersonasRequest, FindOrCreatePersonasResponse, PERSONA_SERVICE_INTERNAL_ROUTES } from '@persona-lab/contracts';
import { type App, problemResponses } from '@persona-lab/service-kit';

import { findOrCreatePersonas } from '../domain/find-or-create.js';

export async function internalRoutes(app: App): Promise<void> {
  // Check the credential before the body is read or validated.
  app.addHook('onRequest', app.requireServiceToken);

  app.post(
    PERSONA_SERVICE_INTERNAL_ROUTES.findOrCreatePersonas,
    {
      schema: {
        tags: ['internal'],
        security: [{ serviceToken: [] }],
        summary: "Reuse the user's matching ACTIVE personas for a target audience; create and queue the rest",
        body: FindOrCreatePersonasRequest,
        response: { 200: FindOrCreatePersonasResponse, ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      findOrCreatePersonas(app.generation, request.body, { requestId: request.body.requestId ?? request.id, log: request.log }),
  );
}
