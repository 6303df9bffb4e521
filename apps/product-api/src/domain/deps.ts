// What the products domain needs from the outside; plugins/products.ts wires it into `app.products`.
import type { PgPool, PrismaClient } from '@persona-lab/db';

export interface ProductDeps {
  db: PrismaClient;
  /** The pg pool under Prisma, for the one hot read that skips Prisma's runtime (listProducts). */
  pg: PgPool;
  /** ISO 4217 code of a product created without one. */
  defaultCurrency: string;
}
