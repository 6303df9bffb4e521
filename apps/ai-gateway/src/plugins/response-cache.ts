// Decorates the app with the response cache over a pg pool of its own, counts its hits and misses by
// operation in the app's registry, runs its writes after the replies (stored in batches), and prunes
// it on start and then every AI_CACHE_PRUNE_INTERVAL_MS. The database is up when the pool answers
// (readiness).
import { createPgPool, type PgPool, withSessionSettings } from '@persona-lab/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';

import type { CacheContext } from '../domain/conversation.js';
import { type CacheLimits, createResponseCache, type WriteBatching } from '../domain/response-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: CacheContext & {
      /**
       * Resolves when every write started so far has ended (stored or logged), storing the open batch
       * at once: for tests and shutdown.
       */
      writesSettled(): Promise<void>;
      /** The cache's connections. */
      pool: PgPool;
    };
  }
}

/**
 * The cache's database URL, its connections set to commit without waiting for the WAL flush. The
 * gateway's only writes are cache entries, which the next miss re-creates: a crash may lose the last
 * few, never corrupt any, and a write no longer waits on the disk. And to keep the one plan each
 * connection makes of a named statement: PostgreSQL guesses ten keys for the lookup's array
 * parameter, so its reusable plan looked dearer than planning each lookup again, which it then did
 * for every lookup (0 reusable plans of 8 over 20,000 entries). That one plan is made at a
 * connection's first lookup, often on an empty table, where reading every row costs less than the
 * index, and it is kept while the table grows: with no ANALYZE run (none had, autovacuum off) a
 * 20,000-result session's lookups read the whole table, 1,124 buffers for one key at 15,700 entries.
 * So the pool's plans take no table scan where an index serves: it runs only the cache's own
 * statements, each served by one index whatever its parameters.
 */
export function cacheDatabaseUrl(url: string): string {
  return withSessionSettings(url, { synchronous_commit: 'off', plan_cache_mode: 'force_generic_plan', enable_seqscan: 'off' });
}

export interface ResponseCacheOptions extends CacheLimits {
  url: string;
  poolSize: number;
  scope: string;
  pruneIntervalMs: number;
  writeBatch: WriteBatching;
}

async function responseCache(app: FastifyInstance, options: ResponseCacheOptions): Promise<void> {
  // A pg pool without Prisma, not the kit's Prisma plugin: the gateway runs no Prisma query, and a
  // first one (the Prisma plugin's readiness check) would load Prisma's query compiler.
  const pool = createPgPool({ url: cacheDatabaseUrl(options.url), poolSize: options.poolSize, log: app.log });
  app.addReadinessCheck('database', async () => {
    await pool.query('SELECT 1');
    return true;
  });
  const store = createResponseCache(pool, options, options.writeBatch);
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

  const pending = new Set<Promise<void>>();
  const later = (write: () => Promise<void>) => {
    // setImmediate: after the I/O of this turn of the event loop, which sends the reply.
    const written: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(write)
      .catch((error: unknown) => app.log.warn({ err: (error as Error).message }, 'response cache write failed'))
      .finally(() => pending.delete(written));
    pending.add(written);
  };
  const writesSettled = async () => {
    while (pending.size > 0) {
      // After the writes scheduled so far have handed their answers to the store (`later` below).
      await new Promise((resolve) => setImmediate(resolve));
      await store.flush();
      await Promise.all(pending);
    }
  };

  app.decorate('responseCache', {
    store,
    scope: options.scope,
    record: (operation, outcome) => (outcome === 'hit' ? hits : misses).inc({ operation }),
    later,
    writesSettled,
    pool,
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
  app.addHook('onClose', async () => {
    clearInterval(timer);
    // The replies are out by now; their answers are kept before the database closes.
    await writesSettled();
    await pool.end();
  });
}

export const responseCachePlugin = fp(responseCache, {
  name: 'ai-response-cache',
  dependencies: ['persona-lab-health', 'persona-lab-metrics'],
});
