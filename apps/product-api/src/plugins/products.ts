// Wires the products domain once, as `app.products`.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import type { ProductDeps } from '../domain/deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    products: ProductDeps;
  }
}

async function products(app: FastifyInstance, options: { defaultCurrency: string }): Promise<void> {
  app.decorate('products', { db: app.db, pg: app.pg, defaultCurrency: options.defaultCurrency } satisfies ProductDeps);
}

export const productsPlugin = fp(products, { name: 'products-domain', dependencies: ['persona-lab-prisma'] });
