// HTTP for the signed-in user's products: schemas, auth, and a call into the domain.
import { PageQuery, Product, ProductInput, ProductPage, ProductParams, ProductPatch } from '@persona-lab/contracts';
import { type App, problemResponses } from '@persona-lab/service-kit';
import { Type } from 'typebox';

import { createProduct, deleteProduct, getProduct, listProducts, patchProduct, replaceProduct } from '../domain/products.js';

const docs = { tags: ['products'], security: [{ bearerAuth: [] }] };

export async function productRoutes(app: App): Promise<void> {
  // Authenticate before the body is read or validated: an anonymous caller learns nothing about the schema.
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/products',
    { schema: { ...docs, body: ProductInput, response: { 201: Product, ...problemResponses(400, 401) } } },
    async (request, reply) => {
      const product = await createProduct(app.products, request.userId, request.body);
      request.log.info({ productId: product.id }, 'product created');
      return reply.status(201).header('location', `/products/${product.id}`).send(product);
    },
  );

  app.get(
    '/products',
    { schema: { ...docs, querystring: PageQuery, response: { 200: ProductPage, ...problemResponses(400, 401) } } },
    async (request) => listProducts(app.products, request.userId, request.query),
  );

  app.get(
    '/products/:id',
    { schema: { ...docs, params: ProductParams, response: { 200: Product, ...problemResponses(400, 401, 404) } } },
    async (request) => getProduct(app.products, request.userId, request.params.id),
  );

  app.put(
    '/products/:id',
    { schema: { ...docs, params: ProductParams, body: ProductInput, response: { 200: Product, ...problemResponses(400, 401, 404) } } },
    async (request) => replaceProduct(app.products, request.userId, request.params.id, request.body),
  );

  app.patch(
    '/products/:id',
    { schema: { ...docs, params: ProductParams, body: ProductPatch, response: { 200: Product, ...problemResponses(400, 401, 404) } } },
    async (request) => patchProduct(app.products, request.userId, request.params.id, request.body),
  );

  app.delete(
    '/products/:id',
    { schema: { ...docs, params: ProductParams, response: { 204: Type.Null(), ...problemResponses(400, 401, 404) } } },
    async (request, reply) => {
      await deleteProduct(app.products, request.userId, request.params.id);
      request.log.info({ productId: request.params.id }, 'product deleted');
      return reply.status(204).send(null);
    },
  );
}
