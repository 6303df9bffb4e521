import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemDetails } from '@persona-lab/contracts';

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
          serviceToken: { type: 'apiKey', in: 'header', name: 'x-service-token' },
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export const openapiPlugin = fp(openapi, { name: 'persona-lab-openapi', fastify: '5.x' });
