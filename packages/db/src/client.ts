import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

import { PrismaClient } from './generated/prisma/client.js';
import { loadCompilerFromText } from './query-compiler.js';

export type PgPool = pg.Pool;

export interface DatabaseOptions {
  url: string;
  /** Connections this process may hold; each service instance gets its own pool. */
  poolSize?: number;
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

/** A Prisma client and the pg pool it runs on, owned together. */
export function createDatabase({ url, poolSize = 10 }: DatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
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
