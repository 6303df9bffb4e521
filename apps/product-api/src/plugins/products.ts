// Wires the products domain once, as `app.products`.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import type { ProductDeps } from '../domain/deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    products: ProductDeps;
  }
}

async function products(app: FastifyInstance): Promise<void> {
  app.decorate('products', { db: app.db, pg: app.pg } satisfies ProductDeps);
}

export const productsPlugin = fp(products, { name: 'products-domain', dependencies: ['persona-lab-prisma'] });
