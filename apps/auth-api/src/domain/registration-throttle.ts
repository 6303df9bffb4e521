// Registrations per client address, shared by every instance through Redis like the login limits:
// each one costs an argon2 hash and a row, so one address cannot create accounts in bulk.
import type { Logger } from '@persona-lab/service-kit';
import { quotaExceeded } from '@persona-lab/service-kit';
import type { Redis } from 'ioredis';

import { consumeOrRefuse, sharedLimiter } from './shared-limiter.js';

export interface RegistrationLimits {
  namespace: string;
  ipMax: number;
  ipWindowSeconds: number;
}

export interface RegistrationThrottle {
  /** Counts one registration attempt of the address; throws QUOTA_EXCEEDED (`registrations-per-address`) past the limit. */
  admit(ip: string): Promise<void>;
}

export const REGISTRATIONS_PER_ADDRESS = 'registrations-per-address';

export function createRegistrationThrottle(redis: Redis, limits: RegistrationLimits, log: Logger): RegistrationThrottle {
  const byIp = sharedLimiter(
    redis,
    { keyPrefix: `${limits.namespace}:register:ip`, points: limits.ipMax, durationSeconds: limits.ipWindowSeconds },
    log,
  );
  const refusal = (retryAfterSeconds: number) =>
    quotaExceeded(
      REGISTRATIONS_PER_ADDRESS,
      `At most ${limits.ipMax} registrations per ${limits.ipWindowSeconds} seconds come from one address; retry in ${retryAfterSeconds} seconds`,
      retryAfterSeconds,
    );
  return {
    admit: (ip) => consumeOrRefuse(byIp, ip, refusal),
  };
}
