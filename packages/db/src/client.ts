import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

import { PrismaClient } from './generated/prisma/client.js';
import { loadCompilerFromText } from './query-compiler.js';

export type PgPool = pg.Pool;

export interface DatabaseOptions {
  url: string;
  /** Connections this process may hold; each service instance gets its own pool. */
  poolSize?: number;
  /**
   * Where a pool's idle connection that fails (the server restarted, the network dropped) is reported;
   * without a listener pg's pool would throw it as an uncaught error. The pool replaces it on next use.
   */
  log?: { warn(details: object, message: string): void };
}

/** One client per service instance (never a module-level singleton); close it with `$disconnect()`. */
export function createPrismaClient({ url, poolSize = 10 }: DatabaseOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  return loadCompilerFromText(new PrismaClient({ adapter }));
}

export interface Database {
  prisma: PrismaClient;
  /**
   * The pg pool under Prisma, for the few hot read paths where Prisma's runtime is the measured
   * cost (see product-api's listing); everything else goes through `prisma`.
   */
  pool: PgPool;
  close(): Promise<void>;
}

/**
 * The URL with the PostgreSQL settings each of its connections starts with (libpq's `options`,
 * `-c name=value`), after any the URL already names.
 */
export function withSessionSettings(url: string, settings: Record<string, string>): string {
  const parsed = new URL(url);
  const given = parsed.searchParams.get('options');
  const added = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`);
  parsed.searchParams.set('options', [...(given ? [given] : []), ...added].join(' '));
  return parsed.toString();
}

/** A pg pool without Prisma: for a service's statements whose connections need settings of their own. */
export function createPgPool({ url, poolSize = 10, log }: DatabaseOptions): PgPool {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  if (log) pool.on('error', (error) => log.warn({ err: error.message }, 'idle database connection failed'));
  return pool;
}

/** A Prisma client and the pg pool it runs on, owned together. */
export function createDatabase({ url, poolSize = 10, log }: DatabaseOptions): Database {
  const pool = createPgPool({ url, poolSize, log });
  const prisma = loadCompilerFromText(new PrismaClient({ adapter: new PrismaPg(pool) }));
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** True when the database answers a trivial query: what readiness checks. */
export async function isDatabaseReachable(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
