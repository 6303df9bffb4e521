import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
  }
}

async function redis(app: FastifyInstance, options: { url: string }): Promise<void> {
  const client = new Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 2_000,
    // Keep trying in the background; callers see errors quickly while it is down.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  client.on('error', (err) => app.log.warn({ err: err.message }, 'redis connection error'));
  await client.connect().catch((err: Error) => app.log.warn({ err: err.message }, 'redis not reachable at start'));
  app.decorate('redis', client);
  app.addReadinessCheck('redis', async () => (await client.ping()) === 'PONG');
  app.addHook('onClose', async () => {
    await client.quit().catch(() => client.disconnect());
  });
}

export const redisPlugin = fp(redis, { name: 'persona-lab-redis', dependencies: ['persona-lab-health'] });
