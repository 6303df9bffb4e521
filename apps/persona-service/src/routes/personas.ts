// HTTP for the signed-in user's personas: schemas, auth, and a call into the domain.
import { Persona, PersonaListQuery, PersonaPage, PersonaParams } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { Type } from 'typebox';
import { deletePersona, getPersona, listPersonas } from '../domain/personas.js';

const Problem = Type.Ref('ProblemDetails');
const problems = { 400: Problem, 401: Problem, 404: Problem };
const docs = { tags: ['personas'], security: [{ bearerAuth: [] }] };

export async function personaRoutes(app: App): Promise<void> {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/personas',
    { schema: { ...docs, querystring: PersonaListQuery, response: { 200: PersonaPage, 400: Problem, 401: Problem } } },
    async (request) => listPersonas(app.db, request.userId, request.query),
  );

  app.get(
    '/personas/:id',
    { schema: { ...docs, params: PersonaParams, response: { 200: Persona, ...problems } } },
    async (request) => getPersona(app.db, request.userId, request.params.id),
  );

  app.delete(
    '/personas/:id',
    { schema: { ...docs, params: PersonaParams, response: { 204: Type.Null(), ...problems } } },
    async (request, reply) => {
      await deletePersona(app.db, request.userId, request.params.id);
      request.log.info({ personaId: request.params.id }, 'persona deleted');
      return reply.status(204).send(null);
    },
  );
}
