import { BaseConfig, ConfigError, DatabaseConfig, JwtConfig, loadConfig, RedisConfig } from '@persona-lab/service-kit';
import { type Static, Type } from 'typebox';

import { OWASP_MINIMUM_COST } from './domain/passwords.js';

export const AuthApiConfig = Type.Object({
  ...BaseConfig.properties,
  ...JwtConfig.properties,
  ...DatabaseConfig.properties,
  ...RedisConfig.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001, description: '0 picks a free port (tests)' }),
  JWT_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 86_400, default: 3600 }),

  // Raising these upgrades stored hashes at each user's next successful login; they never go below OWASP's minimum.
  PASSWORD_HASH_MEMORY_KIB: Type.Integer({ minimum: OWASP_MINIMUM_COST.memoryCost, default: OWASP_MINIMUM_COST.memoryCost }),
  PASSWORD_HASH_TIME_COST: Type.Integer({ minimum: OWASP_MINIMUM_COST.timeCost, default: OWASP_MINIMUM_COST.timeCost }),
  PASSWORD_HASH_PARALLELISM: Type.Integer({ minimum: 1, maximum: 16, default: OWASP_MINIMUM_COST.parallelism }),

  /** Prefix of the rate-limit keys (login and registration) in Redis, so environments (and test runs) sharing a Redis never collide. */
  LOGIN_LIMIT_NAMESPACE: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$', default: 'auth-api' }),
  /** Every login attempt from one client IP counts, successful or not. */
  LOGIN_IP_MAX_ATTEMPTS: Type.Integer({ minimum: 1, default: 20 }),
  LOGIN_IP_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  /** Failed attempts on one email from one client IP; a successful login from that IP starts the count again. */
  LOGIN_EMAIL_IP_MAX_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_EMAIL_IP_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 900 }),
  /** Failed attempts on one email from all IPs together: the ceiling against guessing from many addresses. */
  LOGIN_EMAIL_MAX_FAILURES: Type.Integer({ minimum: 1, default: 50 }),
  LOGIN_EMAIL_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 900 }),
  /** Registration attempts per client IP (a team behind one office address still fits in the default). */
  REGISTER_IP_MAX: Type.Integer({ minimum: 1, default: 10 }),
  REGISTER_IP_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 3600 }),
});
export type AuthApiConfig = Static<typeof AuthApiConfig>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): AuthApiConfig {
  const config = loadConfig(AuthApiConfig, env);
  // A ceiling below the per-address budget would be reached first, and one address could lock the owner out again.
  if (config.LOGIN_EMAIL_MAX_FAILURES < config.LOGIN_EMAIL_IP_MAX_FAILURES) {
    throw new ConfigError([
      `LOGIN_EMAIL_MAX_FAILURES (${config.LOGIN_EMAIL_MAX_FAILURES}) must not be below LOGIN_EMAIL_IP_MAX_FAILURES (${config.LOGIN_EMAIL_IP_MAX_FAILURES})`,
    ]);
  }
  return config;
}
