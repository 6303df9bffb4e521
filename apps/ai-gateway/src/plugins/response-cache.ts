// Decorates the app with the response cache (over `app.db`), counts its hits and misses by operation
// in the app's registry, and prunes it on start and then every AI_CACHE_PRUNE_INTERVAL_MS.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';

import type { CacheContext } from '../domain/conversation.js';
import { type CacheLimits, createResponseCache } from '../domain/response-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: CacheContext;
  }
}

export interface ResponseCacheOptions extends CacheLimits {
  scope: string;
  pruneIntervalMs: number;
}

async function responseCache(app: FastifyInstance, options: ResponseCacheOptions): Promise<void> {
  const store = createResponseCache(app.db, options);
  const registers = [app.metrics];
  const hits = new Counter({
    name: 'ai_cache_hits_total',
    help: 'Answers served from the response cache',
    labelNames: ['operation'],
    registers,
  });
  const misses = new Counter({
    name: 'ai_cache_misses_total',
    help: 'Cacheable calls the response cache had no answer for',
    labelNames: ['operation'],
    registers,
  });
  app.decorate('responseCache', {
    store,
    scope: options.scope,
    record: (operation, outcome) => (outcome === 'hit' ? hits : misses).inc({ operation }),
  });

  const prune = async () => {
    try {
      const removed = await store.prune();
      if (removed > 0) app.log.info({ removed }, 'response cache pruned');
    } catch (error) {
      // The next round tries again; an unpruned cache only grows for a while.
      app.log.warn({ err: (error as Error).message }, 'response cache could not be pruned');
    }
  };
  const timer = setInterval(() => void prune(), options.pruneIntervalMs);
  timer.unref();
  app.addHook('onReady', prune);
  app.addHook('onClose', async () => clearInterval(timer));
}

export const responseCachePlugin = fp(responseCache, {
  name: 'ai-response-cache',
  dependencies: ['persona-lab-prisma', 'persona-lab-metrics'],
});
