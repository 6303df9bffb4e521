// How many progress streams one user holds open, over every instance: a Redis sorted set per user
// whose members are open streams scored by when their lease ends. A stream renews its lease with
// each heartbeat and removes itself when it ends; a stream of an instance that died simply expires.
import { randomUUID } from 'node:crypto';

import { Errors, quotaExceeded } from '@persona-lab/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const PROGRESS_STREAMS_LIMIT = 'progress-streams';

export interface StreamSlot {
  renew(): Promise<void>;
  release(): Promise<void>;
}

export interface StreamSlots {
  /** Takes one of the user's stream slots; 429 QUOTA_EXCEEDED when all are taken. */
  acquire(userId: string): Promise<StreamSlot>;
}

declare module 'fastify' {
  interface FastifyInstance {
    streamSlots: StreamSlots;
  }
}

// Expired leases go first, so the count is of live streams only; then take a slot if one is free.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

interface StreamSlotsOptions {
  keyPrefix: string;
  limit: number;
  /** How long a stream holds its slot without a renewal. */
  leaseMs: number;
}

async function streamSlots(app: FastifyInstance, options: StreamSlotsOptions): Promise<void> {
  const slots: StreamSlots = {
    async acquire(userId) {
      const key = `${options.keyPrefix}:${userId}`;
      const member = randomUUID();
      const now = Date.now();
      let taken: unknown;
      try {
        taken = await app.redis.eval(ACQUIRE, 1, key, now, now + options.leaseMs, member, options.limit, options.leaseMs);
      } catch (error) {
        app.log.warn({ err: (error as Error).message }, 'progress stream slots unavailable (redis)');
        throw new Errors.ServiceUnavailable('Progress streams are unavailable for a moment; retry shortly');
      }
      if (taken !== 1) {
        throw quotaExceeded(
          PROGRESS_STREAMS_LIMIT,
          `You have ${options.limit} progress streams open, the most allowed at once; close one first`,
        );
      }
      return {
        renew: async () => {
          await app.redis.zadd(key, 'XX', Date.now() + options.leaseMs, member).catch(() => undefined);
          await app.redis.pexpire(key, options.leaseMs).catch(() => undefined);
        },
        release: async () => {
          await app.redis
            .zrem(key, member)
            .catch((err: Error) => app.log.warn({ err: err.message }, 'could not release a progress stream slot'));
        },
      };
    },
  };
  app.decorate('streamSlots', slots);
}

export const streamSlotsPlugin = fp(streamSlots, { name: 'feedback-stream-slots', dependencies: ['persona-lab-redis'] });
