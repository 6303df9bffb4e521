export { type AuthOptions, authPlugin, SERVICE_TOKEN_HEADER } from './auth.js';
export {
  AiGatewayClientConfig,
  BaseConfig,
  BrokerConfig,
  ConfigError,
  DatabaseConfig,
  JwtConfig,
  loadConfig,
  QuotaConfig,
  RedisConfig,
  retryDelaysOf,
  ServiceTokenConfig,
} from './config.js';
export { type App, createApp, type CreateAppOptions } from './create-app.js';
export { Errors, fieldError, quotaExceeded } from './errors.js';
export type { ReadinessCheck } from './health.js';
export { LLM_CALLS_LIMIT, type LlmCallReservation, releaseLlmCalls, requireActiveUser, reserveLlmCalls } from './llm-quota.js';
export { contextOf, type Logger, loggerOptions, REDACTED_PATHS, type RequestContext } from './logger.js';
export { metricsPlugin } from './metrics.js';
export {
  type CallUsage,
  insertModelCallsSql,
  type ModelCallKind,
  type ModelCallSubject,
  modelCallTotals,
  modelCallTotalsByResult,
  recordModelCall,
  type SubjectCall,
} from './model-calls.js';
export { packFloat32Vector, packVector, unpackFloat32Vector, unpackVector } from './packed-vector.js';
export { IDEMPOTENCY_HEADER, type IdempotencyOptions, idempotencyPlugin } from './plugins/idempotency.js';
export { prismaPlugin } from './plugins/prisma.js';
export { redisPlugin } from './plugins/redis.js';
export { problemResponses } from './problem-responses.js';
export { REQUEST_ID_HEADER } from './request-id.js';
export { startService } from './run-service.js';
export { isTokenRevoked, revokeToken } from './token-revocations.js';
