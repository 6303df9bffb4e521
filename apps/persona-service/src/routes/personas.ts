// HTTP for the signed-in user's personas: schemas, auth, and a call into the domain.
import {
  Persona,
  PersonaGenerationRequest,
  PersonaGenerationResponse,
  PersonaListQuery,
  PersonaPage,
  PersonaParams,
} from '@persona-lab/contracts';
import { type App, contextOf, problemResponses } from '@persona-lab/service-kit';
import { Type } from 'typebox';

import { summariseDiversity } from '../domain/diversity.js';
import { generatePersonas, type GenerationOutcome } from '../domain/generate-personas.js';
import { deletePersona, getPersona, listPersonas, toPersona } from '../domain/personas.js';

const docs = { tags: ['personas'], security: [{ bearerAuth: [] }] };

function generationResponseOf(outcome: GenerationOutcome): PersonaGenerationResponse {
  return {
    strategy: outcome.strategy,
    personas: outcome.personas.map(toPersona),
    failures: outcome.failures,
    diversity: summariseDiversity(outcome.personas),
  };
}

export async function personaRoutes(app: App): Promise<void> {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/personas/generate',
    {
      schema: {
        ...docs,
        summary: 'Generate 1–10 personas with one of four strategies',
        description:
          'prompt-builder, fixed-names and single-call answer 201 with the stored ACTIVE personas (fixed-names lists the names that failed); queued answers 202 with the personas still GENERATING.',
        body: PersonaGenerationRequest,
        response: { 201: PersonaGenerationResponse, 202: PersonaGenerationResponse, ...problemResponses(400, 401, 502) },
      },
    },
    async (request, reply) => {
      const outcome = await generatePersonas(app.generation, request.userId, request.body, contextOf(request));
      return reply.status(outcome.queued ? 202 : 201).send(generationResponseOf(outcome));
    },
  );

  app.get(
    '/personas',
    { schema: { ...docs, querystring: PersonaListQuery, response: { 200: PersonaPage, ...problemResponses(400, 401) } } },
    async (request) => listPersonas(app.db, request.userId, request.query),
  );

  app.get(
    '/personas/:id',
    { schema: { ...docs, params: PersonaParams, response: { 200: Persona, ...problemResponses(400, 401, 404) } } },
    async (request) => getPersona(app.db, request.userId, request.params.id),
  );

  app.delete(
    '/personas/:id',
    { schema: { ...docs, params: PersonaParams, response: { 204: Type.Null(), ...problemResponses(400, 401, 404) } } },
    async (request, reply) => {
      await deletePersona(app.db, request.userId, request.params.id);
      request.log.info({ personaId: request.params.id }, 'persona deleted');
      return reply.status(204).send(null);
    },
  );
}
