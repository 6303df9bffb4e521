import swagger from '@fastify/swagger';
import { ProblemDetails, SERVICE_TOKEN_HEADER } from '@persona-lab/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

interface OpenApiDocument {
  paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
}

/** Error responses are sent as application/problem+json; say so in the document. */
function documentProblemResponses(doc: OpenApiDocument): Record<string, unknown> {
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (Number(status) >= 400 && json && response.content) {
          delete response.content['application/json'];
          response.content['application/problem+json'] = json;
        }
      }
    }
  }
  return doc as Record<string, unknown>;
}

/** OpenAPI 3 from the route schemas, served at /openapi.json. */
async function openapi(app: FastifyInstance, options: { service: string; version: string }): Promise<void> {
  app.addSchema(ProblemDetails);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: `Persona Lab ${options.service}`, version: options.version },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          serviceToken: { type: 'apiKey', in: 'header', name: SERVICE_TOKEN_HEADER },
        },
      },
    },
    // Shared schemas keep their own name ($id) instead of def-N.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (documentObject) =>
      documentProblemResponses((documentObject as { openapiObject: OpenApiDocument }).openapiObject) as never,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export const openapiPlugin = fp(openapi, { name: 'persona-lab-openapi', fastify: '5.x' });
