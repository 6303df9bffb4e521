// The persona-service's internal find-or-create, over HTTP with the service credential.
import {
  FindOrCreatePersonasResponse,
  type FindOrCreatePersonasRequest,
  type FindOrCreatePersonasResponse as FindOrCreateResult,
} from '@persona-lab/contracts';
import { Errors, REQUEST_ID_HEADER, SERVICE_TOKEN_HEADER } from '@persona-lab/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import got, { HTTPError } from 'got';
import { Value } from 'typebox/value';

export type FindOrCreatePersonas = (request: FindOrCreatePersonasRequest) => Promise<FindOrCreateResult>;

declare module 'fastify' {
  interface FastifyInstance {
    findOrCreatePersonas: FindOrCreatePersonas;
  }
}

async function personaDirectory(app: FastifyInstance, options: { baseUrl: string; serviceToken: string }): Promise<void> {
  const client = got.extend({
    prefixUrl: options.baseUrl,
    headers: { [SERVICE_TOKEN_HEADER]: options.serviceToken },
    timeout: { request: 30_000 },
    retry: { limit: 2, methods: ['POST'], statusCodes: [502, 503, 504] },
  });

  app.decorate('findOrCreatePersonas', async (request: FindOrCreatePersonasRequest) => {
    try {
      const body = await client
        .post('internal/personas/find-or-create', { json: request, headers: { [REQUEST_ID_HEADER]: request.requestId } })
        .json();
      if (!Value.Check(FindOrCreatePersonasResponse, body)) throw new Error('persona-service answered an unexpected shape');
      return body;
    } catch (error) {
      if (error instanceof HTTPError && error.response.statusCode < 500) {
        const problem = JSON.parse(String(error.response.body || '{}')) as { detail?: string };
        // The audience was refused: the caller's request is at fault, so say why.
        throw new Errors.ValidationFailed(problem.detail ?? 'The target audience was refused by the persona-service');
      }
      throw error;
    }
  });
}

export const personaDirectoryPlugin = fp(personaDirectory, { name: 'feedback-persona-directory' });
