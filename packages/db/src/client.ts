import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export interface DatabaseOptions {
  url: string;
  /** Connections this process may hold; each service instance gets its own pool. */
  poolSize?: number;
}

/** One client per service instance (never a module-level singleton); close it with `$disconnect()`. */
export function createPrismaClient({ url, poolSize = 10 }: DatabaseOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  return new PrismaClient({ adapter });
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
