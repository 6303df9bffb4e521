import { Type, type Static } from 'typebox';
import { BaseConfig, DatabaseConfig, JwtConfig, loadConfig, RedisConfig, ServiceTokenConfig } from '@persona-lab/service-kit';

export const FeedbackServiceConfig = Type.Object({
  ...BaseConfig.properties,
  ...JwtConfig.properties,
  ...ServiceTokenConfig.properties,
  ...DatabaseConfig.properties,
  ...RedisConfig.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3004 }),
  RABBITMQ_URL: Type.String({ pattern: '^amqps?://', default: 'amqp://guest:guest@127.0.0.1:5672' }),
  AI_GATEWAY_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3005' }),
  PERSONA_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3003' }),
  /** Timeout of one call to the ai-gateway (which itself retries the provider). */
  AI_GATEWAY_TIMEOUT_MS: Type.Integer({ minimum: 1_000, default: 120_000 }),
  /** Feedback tasks one instance works on at once. */
  FEEDBACK_PREFETCH: Type.Integer({ minimum: 1, maximum: 500, default: 16 }),
  /** Run the queue consumers in this instance (an HTTP-only instance sets false). */
  CONSUMERS_ENABLED: Type.Boolean({ default: true }),
  /** Prefix of every queue and exchange name; tests use it to isolate their topology. */
  BROKER_NAMESPACE: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$' })),
  /** Prefix of Redis keys and channels of this deployment (idempotency, progress). */
  REDIS_KEY_PREFIX: Type.String({ pattern: '^[A-Za-z0-9:_-]{1,60}$', default: 'persona-lab' }),
  IDEMPOTENCY_TTL_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
  /** Delays between attempts of a failing task, in ms (comma separated); the contract's by default. */
  TASK_RETRY_DELAYS_MS: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$' })),
});
export type FeedbackServiceConfig = Static<typeof FeedbackServiceConfig>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(FeedbackServiceConfig, env);
