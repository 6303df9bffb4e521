import { expect, test } from 'vitest';

import { mergeOpenApi } from '../src/domain/openapi-merge.js';

const problem = { type: 'object', properties: { code: { type: 'string' } } };

test('puts every service’s paths under its prefix and renames only the schemas that differ', () => {
  const merged = mergeOpenApi(
    [
      {
        service: 'auth-api',
        pathPrefix: '/api',
        document: {
          paths: { '/auth/login': { post: { $ref: '#/components/schemas/Thing' } }, '/health/ready': {} },
          components: { schemas: { ProblemDetails: problem, Thing: { type: 'string' } } },
        },
      },
      {
        service: 'product-api',
        pathPrefix: '/api',
        document: {
          paths: { '/products': { get: { $ref: '#/components/schemas/Thing' } }, '/internal/x': {}, '/metrics': {} },
          components: { schemas: { ProblemDetails: problem, Thing: { type: 'number' } } },
        },
      },
      { service: 'persona-service', pathPrefix: '/api', document: undefined },
    ],
    { title: 'Persona Lab API', version: '0.1.0' },
  );

  expect(Object.keys(merged.paths!)).toEqual(['/api/auth/login', '/api/products']);
  expect(merged.paths!['/api/products']).toEqual({ get: { $ref: '#/components/schemas/product-api.Thing' } });
  expect(merged.paths!['/api/auth/login']).toEqual({ post: { $ref: '#/components/schemas/Thing' } });
  expect(Object.keys(merged.components!.schemas!)).toEqual(['ProblemDetails', 'Thing', 'product-api.Thing']);
  expect(merged.info?.description).toContain('Not reachable just now, so not listed: persona-service.');
});
