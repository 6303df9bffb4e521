import { createDatabase, isDatabaseReachable, type PgPool, type PrismaClient } from '@persona-lab/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
    /** The pg pool under `db`, for measured hot paths only (plain statements without Prisma's runtime). */
    pg: PgPool;
  }
}

async function prisma(app: FastifyInstance, options: { url: string; poolSize?: number }): Promise<void> {
  const database = createDatabase({ url: options.url, poolSize: options.poolSize, log: app.log });
  app.decorate('db', database.prisma);
  app.decorate('pg', database.pool);
  app.addReadinessCheck('database', () => isDatabaseReachable(database.prisma));
  app.addHook('onClose', async () => {
    await database.close();
  });
}

export const prismaPlugin = fp(prisma, { name: 'persona-lab-prisma', dependencies: ['persona-lab-health'] });
