// The pool of the statements every result runs (its claim, its store and the take of the next queued
// pair: result-claim.ts, result-generation.ts, dispatch.ts), apart from the pool under Prisma so that
// its connections can plan no table scan (`enable_seqscan` off). Those statements are named, and each
// connection keeps the plan it made of one at its sixth run, often while the results table was small
// and had no statistics (autovacuum, and with it ANALYZE, is off on the machines issue 17 is measured
// on): there, reading every row looks cheaper than an index, and the plan keeps doing so as the table
// grows. In bench:ceiling 5 of 10 connections had kept such a plan of the store's take (its update
// found the taken pair by reading the whole table, 1,900 rows): the store took 3.2 ms where the
// others took 0.5 (auto_explain, 1 % of statements). Each of these statements is written for one
// index, so forbidding the scan costs them nothing; the reads of many rows (insights, exports) stay
// on Prisma's pool, where a scan may be the right plan.
import { createPgPool, type PgPool, withSessionSettings } from '@persona-lab/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The connections of every result's statements: they read tables only through indexes. */
    resultsPg: PgPool;
  }
}

async function resultsPool(app: FastifyInstance, options: { url: string; poolSize: number }): Promise<void> {
  const pool = createPgPool({ url: withSessionSettings(options.url, { enable_seqscan: 'off' }), poolSize: options.poolSize, log: app.log });
  app.decorate('resultsPg', pool);
  app.addHook('onClose', async () => {
    await pool.end();
  });
}

export const resultsPoolPlugin = fp(resultsPool, { name: 'feedback-results-pool' });
