export { createApp, type App, type CreateAppOptions } from './create-app.js';
export { startService } from './run-service.js';
export {
  loadConfig,
  ConfigError,
  BaseConfig,
  JwtConfig,
  ServiceTokenConfig,
  DatabaseConfig,
  RedisConfig,
  BrokerConfig,
  AiGatewayClientConfig,
  QuotaConfig,
  retryDelaysOf,
} from './config.js';
export { Errors, fieldError, quotaExceeded } from './errors.js';
export { problemResponses } from './problem-responses.js';
export { authPlugin, SERVICE_TOKEN_HEADER, type AuthOptions } from './auth.js';
export { REQUEST_ID_HEADER } from './request-id.js';
export { contextOf, loggerOptions, REDACTED_PATHS, type Logger, type RequestContext } from './logger.js';
export { metricsPlugin } from './metrics.js';
export { prismaPlugin } from './plugins/prisma.js';
export { redisPlugin } from './plugins/redis.js';
export { idempotencyPlugin, IDEMPOTENCY_HEADER, type IdempotencyOptions } from './plugins/idempotency.js';
export type { ReadinessCheck } from './health.js';
export { requireActiveUser, reserveLlmCalls, releaseLlmCalls, LLM_CALLS_LIMIT, type LlmCallReservation } from './llm-quota.js';
