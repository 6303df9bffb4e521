// The API reference: /api/openapi.json merges every service's OpenAPI document (read when asked, so
// it is never stale), and /api/docs shows it with Swagger UI.
// The kit registers @fastify/swagger; its types (app.swagger(), schema.hide) come with this import.
import type {} from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { App } from '@persona-lab/service-kit';

import { mergeOpenApi, type OpenApiDocument, type ServiceDocument } from '../domain/openapi-merge.js';
import type { Upstream } from './api-proxy.js';

declare module 'fastify' {
  interface FastifyRequest {
    mergedOpenApi?: OpenApiDocument;
  }
}

const FETCH_TIMEOUT_MS = 5_000;

async function documentOf(url: string): Promise<OpenApiDocument | undefined> {
  try {
    const response = await fetch(new URL('/openapi.json', url), { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    return response.ok ? ((await response.json()) as OpenApiDocument) : undefined;
  } catch {
    return undefined;
  }
}

export async function apiReferenceRoutes(app: App, options: { upstreams: Upstream[] }): Promise<void> {
  const merged = async (): Promise<OpenApiDocument> => {
    const documents: ServiceDocument[] = await Promise.all(
      options.upstreams.map(async (upstream) => ({
        service: upstream.service,
        pathPrefix: '/api',
        document: await documentOf(upstream.url),
      })),
    );
    const own: ServiceDocument = { service: 'web', pathPrefix: '', document: app.swagger() as OpenApiDocument };
    return mergeOpenApi([own, ...documents], { title: 'Persona Lab API', version: '0.1.0' });
  };

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => merged());

  app.decorateRequest('mergedOpenApi', undefined);
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI reads its document from /api/docs/json: the merged one, read by the hook before the route answers.
    uiHooks: {
      preHandler: (request, _reply, done) => {
        if (!request.url.startsWith('/api/docs/json')) return done();
        merged().then((document) => {
          request.mergedOpenApi = document;
          done();
        }, done);
      },
    },
    transformSpecification: (document, request) => request.mergedOpenApi ?? document,
    transformSpecificationClone: false,
    // The pages' own CSP: still no inline script (Swagger UI's initializer is a file), but the inline
    // styles Swagger UI sets are allowed here, and nothing is upgraded to https on a plain-http install.
    staticCSP:
      "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; " +
      "object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; form-action 'self'",
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
}
