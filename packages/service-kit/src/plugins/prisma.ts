import { createPrismaClient, isDatabaseReachable, type PrismaClient } from '@persona-lab/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
  }
}

async function prisma(app: FastifyInstance, options: { url: string; poolSize?: number }): Promise<void> {
  const client = createPrismaClient({ url: options.url, poolSize: options.poolSize });
  app.decorate('db', client);
  app.addReadinessCheck('database', () => isDatabaseReachable(client));
  app.addHook('onClose', async () => {
    await client.$disconnect();
  });
}

export const prismaPlugin = fp(prisma, { name: 'persona-lab-prisma', dependencies: ['persona-lab-health'] });
