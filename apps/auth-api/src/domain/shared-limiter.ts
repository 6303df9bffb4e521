// A fixed-window counter shared by every instance through Redis (login and registration limits),
// which falls back to this instance's memory while Redis cannot answer.
import type { Logger } from '@persona-lab/service-kit';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface LimiterOptions {
  /** Full Redis key prefix, e.g. `auth-api:login:ip`. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/**
 * Used only while Redis cannot answer. Failing open would lift every limit during an outage, and failing
 * closed would lock everyone out (or answer 500), so limits fall back to this instance's memory: weaker
 * across instances, never absent. Each use is logged as a warning so the outage is visible.
 */
class InstanceMemoryFallback extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.onUse();
    return super.consume(...args);
  }

  override reward(...args: Parameters<RateLimiterMemory['reward']>) {
    this.onUse();
    return super.reward(...args);
  }

  override delete(...args: Parameters<RateLimiterMemory['delete']>) {
    this.onUse();
    return super.delete(...args);
  }
}

export function sharedLimiter(redis: Redis, { keyPrefix, points, durationSeconds }: LimiterOptions, log: Logger): RateLimiterRedis {
  const warn = () => log.warn({ limiter: keyPrefix }, 'redis unavailable: rate limit counted in this instance only');
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration: durationSeconds,
    // Go to the fallback at once while disconnected instead of queueing commands behind reconnects.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new InstanceMemoryFallback({ keyPrefix, points, duration: durationSeconds }, warn),
  });
}

/** Seconds until the window that refused frees a point, at least 1 (for Retry-After). */
export const secondsUntilFree = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Counts one point against `key`; when the budget is spent, throws what `refusal` builds instead. */
export async function consumeOrRefuse(
  limiter: RateLimiterRedis,
  key: string,
  refusal: (retryAfterSeconds: number) => Error,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw refusal(secondsUntilFree(error));
    throw error;
  }
}
