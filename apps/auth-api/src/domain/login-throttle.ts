// Login rate limits shared by every instance through Redis: one budget of attempts per client IP
// and one of failures per email (so a password is not guessed slowly from many IPs).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Errors } from '@persona-lab/service-kit';
import type { Logger } from './logger.js';

export interface LoginLimits {
  namespace: string;
  ipMaxAttempts: number;
  ipWindowSeconds: number;
  emailMaxFailures: number;
  emailWindowSeconds: number;
}

export interface LoginThrottle {
  /** Counts one attempt against the IP and the email; throws RATE_LIMITED when either has used its budget. */
  admit(ip: string, email: string): Promise<void>;
  /** A successful login forgives the email's earlier failures. */
  forgive(email: string): Promise<void>;
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

  override delete(...args: Parameters<RateLimiterMemory['delete']>) {
    this.onUse();
    return super.delete(...args);
  }
}

function rateLimited(res: RateLimiterRes): Error {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return Object.assign(new Errors.RateLimited(String(seconds)), { retryAfterSeconds: seconds });
}

/** Emails are keyed by a digest so Redis holds no addresses. */
const emailKey = (email: string) => createHash('sha256').update(email).digest('base64url');

export function createLoginThrottle(redis: Redis, limits: LoginLimits, log: Logger): LoginThrottle {
  const limiter = (name: string, points: number, duration: number) => {
    const keyPrefix = `${limits.namespace}:login:${name}`;
    const warn = () => log.warn({ limiter: keyPrefix }, 'redis unavailable: login rate limit counted in this instance only');
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points,
      duration,
      // Go to the fallback at once while disconnected instead of queueing commands behind reconnects.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new InstanceMemoryFallback({ keyPrefix, points, duration }, warn),
    });
  };
  const byIp = limiter('ip', limits.ipMaxAttempts, limits.ipWindowSeconds);
  // Every attempt is counted before the password is checked and a success deletes the count, so the count
  // is the failures since the last success; counting first means concurrent guesses cannot overshoot it.
  const byEmail = limiter('email', limits.emailMaxFailures, limits.emailWindowSeconds);

  const consume = async (limiterOf: RateLimiterRedis, key: string) => {
    try {
      await limiterOf.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw rateLimited(error);
      throw error;
    }
  };

  return {
    async admit(ip, email) {
      await consume(byIp, ip);
      await consume(byEmail, emailKey(email));
    },
    async forgive(email) {
      await byEmail.delete(emailKey(email));
    },
  };
}
