// Distributed locks over Redis (redlock). `app.withLock(key, ttl, routine)` runs the routine while
// holding the lock (extended automatically while it runs); it throws LockBusyError when another
// instance holds it, and the Redis error itself when Redis cannot be reached. Keys are stored under
// the service's Redis key prefix, so two deployments (or two test files) sharing a Redis never
// contend for each other's locks.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import Redlock, { ExecutionError, ResourceLockedError } from 'redlock';

import { LockBusyError } from '../domain/completion.js';

export type WithLock = <T>(key: string, ttlMs: number, routine: () => Promise<T>) => Promise<T>;

declare module 'fastify' {
  interface FastifyInstance {
    withLock: WithLock;
  }
}

async function heldElsewhere(error: ExecutionError): Promise<boolean> {
  const stats = await Promise.all(error.attempts);
  const votes = stats.flatMap((s) => [...s.votesAgainst.values()]);
  return votes.length > 0 && votes.every((vote) => vote instanceof ResourceLockedError);
}

export interface LocksOptions {
  keyPrefix: string;
}

async function locks(app: FastifyInstance, { keyPrefix }: LocksOptions): Promise<void> {
  const redlock = new Redlock([app.redis], { retryCount: 3, retryDelay: 100, retryJitter: 50 });
  redlock.on('error', (err: Error) => {
    if (!(err instanceof ResourceLockedError)) app.log.warn({ err: err.message }, 'redlock error');
  });

  const withLock: WithLock = async <T>(key: string, ttlMs: number, routine: () => Promise<T>): Promise<T> => {
    // The routine's outcome is kept apart from the lock's: redlock releases in a `finally`, and a release
    // that fails (the lock expired under a routine that blocked the event loop past its TTL) would
    // otherwise replace the routine's result or error with "held elsewhere", which callers read as
    // another instance doing the work, and a failed completion would be acknowledged as done.
    const ran: { outcome?: { ok: true; value: T } | { ok: false; error: unknown } } = {};
    try {
      await redlock.using([`${keyPrefix}:${key}`], ttlMs, async () => {
        try {
          ran.outcome = { ok: true, value: await routine() };
        } catch (error) {
          ran.outcome = { ok: false, error };
        }
      });
    } catch (error) {
      if (!ran.outcome) {
        if (error instanceof ExecutionError && (await heldElsewhere(error))) throw new LockBusyError(key);
        throw error;
      }
      app.log.warn({ key, err: (error as Error).message }, 'lock expired before its routine ended; the routine’s outcome stands');
    }
    if (!ran.outcome!.ok) throw ran.outcome!.error;
    return ran.outcome!.value;
  };
  app.decorate('withLock', withLock);
}

export const locksPlugin = fp(locks, { name: 'feedback-locks', dependencies: ['persona-lab-redis'] });
