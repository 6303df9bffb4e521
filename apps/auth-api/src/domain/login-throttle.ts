// Login rate limits shared by every instance through Redis: a budget of attempts per client address,
// a budget of failures per (email, address) so one attacker cannot lock the owner out, and a higher
// ceiling of failures per email across all addresses so a password is not guessed slowly from many.
import { createHash } from 'node:crypto';

import type { Logger } from '@persona-lab/service-kit';
import { Errors } from '@persona-lab/service-kit';
import type { Redis } from 'ioredis';

import { consumeOrRefuse, sharedLimiter } from './shared-limiter.js';

export interface LoginLimits {
  namespace: string;
  ipMaxAttempts: number;
  ipWindowSeconds: number;
  emailIpMaxFailures: number;
  emailIpWindowSeconds: number;
  emailMaxFailures: number;
  emailWindowSeconds: number;
}

export interface LoginThrottle {
  /** Counts one attempt against the address, the email from it, and the email; throws RATE_LIMITED when one has used its budget. */
  admit(ip: string, email: string): Promise<void>;
  /** A successful login forgives the failures of the email from this address and is not a failure of the email. */
  forgive(ip: string, email: string): Promise<void>;
}

const rateLimited = (retryAfterSeconds: number) => Object.assign(new Errors.RateLimited(String(retryAfterSeconds)), { retryAfterSeconds });

/** Emails are keyed by a digest so Redis holds no addresses. */
const emailKey = (email: string) => createHash('sha256').update(email).digest('base64url');
const emailIpKey = (email: string, ip: string) => `${emailKey(email)}:${ip}`;

export function createLoginThrottle(redis: Redis, limits: LoginLimits, log: Logger): LoginThrottle {
  const limiter = (name: string, points: number, durationSeconds: number) =>
    sharedLimiter(redis, { keyPrefix: `${limits.namespace}:login:${name}`, points, durationSeconds }, log);
  const byIp = limiter('ip', limits.ipMaxAttempts, limits.ipWindowSeconds);
  // Every attempt is counted before the password is checked, so concurrent guesses cannot overshoot a
  // budget; a success then takes its own count back (see forgive), so these count failures.
  const byEmailFromIp = limiter('email-ip', limits.emailIpMaxFailures, limits.emailIpWindowSeconds);
  const byEmail = limiter('email', limits.emailMaxFailures, limits.emailWindowSeconds);

  return {
    async admit(ip, email) {
      await consumeOrRefuse(byIp, ip, rateLimited);
      // In this order, attempts of an address already throttled for this email never reach the ceiling.
      await consumeOrRefuse(byEmailFromIp, emailIpKey(email, ip), rateLimited);
      await consumeOrRefuse(byEmail, emailKey(email), rateLimited);
    },
    async forgive(ip, email) {
      // The ceiling is not reset: the owner signing in must not hand a distributed guesser a fresh budget.
      await Promise.all([byEmailFromIp.delete(emailIpKey(email, ip)), byEmail.reward(emailKey(email), 1)]);
    },
  };
}
