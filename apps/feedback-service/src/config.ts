import { FeedbackGenerationTask, PanelAnswerTask, STATEMENT_EMBED_MAX_TIMEOUT_MS } from '@persona-lab/contracts';
import { assertLeaseOutlastsCalls } from '@persona-lab/messaging';
import {
  AiGatewayClientConfig,
  BaseConfig,
  BrokerConfig,
  DatabaseConfig,
  JwtConfig,
  loadConfig,
  QuotaConfig,
  RedisConfig,
  ServiceTokenConfig,
} from '@persona-lab/service-kit';
import { type Static, Type } from 'typebox';

export const FeedbackServiceConfig = Type.Object({
  ...BaseConfig.properties,
  ...JwtConfig.properties,
  ...ServiceTokenConfig.properties,
  ...DatabaseConfig.properties,
  ...RedisConfig.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3004 }),
  ...BrokerConfig.properties,
  ...AiGatewayClientConfig.properties,
  PERSONA_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3003' }),
  /**
   * Feedback tasks one instance works on at once. About twice the gateway's AI_MAX_CONCURRENCY
   * (16) keeps every provider slot busy while a consumer stores a result and claims the next.
   */
  FEEDBACK_PREFETCH: Type.Integer({ minimum: 1, maximum: 500, default: 32 }),
  /**
   * Feedback tasks one session may have in flight at once, over every instance: the rest wait in the
   * session's queue and are published as results finish, so another user's small session waits behind
   * at most this many of a large one's tasks, in the broker's queue and then in the ai-gateway's (first
   * come, first served). About twice the gateway's AI_MAX_CONCURRENCY (16): equal to it, the provider
   * idles while each finished result refills the window (bench:pipeline 1.87 × the ideal with 16, 1.24
   * with 32), and a 10-result session beside a 2,000-result one still finishes within 2 × its idle time
   * (bench:fairness: 1.85–1.94 × with 32 in the latest rounds; the README's performance table).
   */
  SESSION_MAX_IN_FLIGHT: Type.Integer({ minimum: 1, maximum: 10_000, default: 32 }),
  /** Prefix of Redis keys and channels of this deployment (idempotency, progress). */
  REDIS_KEY_PREFIX: Type.String({ pattern: '^[A-Za-z0-9:_-]{1,60}$', default: 'persona-lab' }),
  IDEMPOTENCY_TTL_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
  ...QuotaConfig.properties,
  /** Sessions one user may have running at once. */
  QUOTA_RUNNING_SESSIONS: Type.Integer({ minimum: 1, default: 3 }),
  /** Progress streams (SSE) one user may hold open at once, over every instance. */
  QUOTA_PROGRESS_STREAMS: Type.Integer({ minimum: 1, default: 10 }),
  /** A JSON file of SSR anchor sets; the shipped English sets (ssr/anchors.en.json) when unset. */
  SSR_ANCHORS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** SSR ε ≥ 0 (0 as the reference implementation) and temperature T ≥ 0 (1: no scaling). */
  SSR_EPSILON: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
  SSR_TEMPERATURE: Type.Number({ minimum: 0, maximum: 10, default: 1 }),
  /** How long the embedding of one purchase statement may take (the gateway's bound on it, after the feedback). */
  SSR_EMBED_TIMEOUT_MS: Type.Integer({ minimum: 1_000, maximum: STATEMENT_EMBED_MAX_TIMEOUT_MS, default: 15_000 }),
});
export type FeedbackServiceConfig = Static<typeof FeedbackServiceConfig>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): FeedbackServiceConfig {
  const config = loadConfig(FeedbackServiceConfig, env);
  // The consumer holds its claim on a task across the feedback call and the embedding of its purchase
  // statement: both must end within the lease.
  assertLeaseOutlastsCalls(FeedbackGenerationTask, {
    'AI_GATEWAY_TIMEOUT_MS + SSR_EMBED_TIMEOUT_MS': config.AI_GATEWAY_TIMEOUT_MS + config.SSR_EMBED_TIMEOUT_MS,
  });
  // A panel answer task holds its claim across one gateway call.
  assertLeaseOutlastsCalls(PanelAnswerTask, { AI_GATEWAY_TIMEOUT_MS: config.AI_GATEWAY_TIMEOUT_MS });
  return config;
}
