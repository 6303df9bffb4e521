// The persona-service's internal find-or-create, through its typed client (credential, request id,
// retries and the answer's contract are the client's); a refusal becomes the caller's 400.
import type { FindOrCreatePersonasRequest, FindOrCreatePersonasResponse as FindOrCreateResult } from '@persona-lab/contracts';
import { createPersonaServiceClient, PersonaServiceError } from '@persona-lab/persona-service-client';
import { Errors } from '@persona-lab/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export type FindOrCreatePersonas = (request: FindOrCreatePersonasRequest) => Promise<FindOrCreateResult>;

declare module 'fastify' {
  interface FastifyInstance {
    findOrCreatePersonas: FindOrCreatePersonas;
  }
}

async function personaDirectory(app: FastifyInstance, options: { baseUrl: string; serviceToken: string }): Promise<void> {
  const client = createPersonaServiceClient(options);

  app.decorate('findOrCreatePersonas', async (request: FindOrCreatePersonasRequest) => {
    try {
      return await client.findOrCreatePersonas(request, { requestId: request.requestId });
    } catch (error) {
      // The audience was refused: the caller's request is at fault, so say why.
      if (error instanceof PersonaServiceError && error.refused) throw new Errors.ValidationFailed(error.message);
      throw error;
    }
  });
}

export const personaDirectoryPlugin = fp(personaDirectory, { name: 'feedback-persona-directory' });
