// Environment configuration: one TypeBox schema per service, parsed once at start-up.
import { type Static, type TObject, Type } from 'typebox';
import { Value } from 'typebox/value';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** What every service reads: where to listen and how to log. */
export const BaseConfig = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  HOST: Type.String({ default: '127.0.0.1' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  /** How long shutdown may take to drain in-flight work before the process exits anyway. */
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
  /** True behind a load balancer: client addresses (rate limits, logs) come from X-Forwarded-For. */
  TRUST_PROXY: Type.Boolean({ default: false }),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open (keep it off public routes). */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 32 })),
});

/** Verifying user tokens: every service. Signing needs the same secret (auth-api only signs). */
export const JwtConfig = Type.Object({
  JWT_SECRET: Type.String({ minLength: 32, description: 'HS256 secret shared by every service' }),
  JWT_ISSUER: Type.String({ default: 'persona-lab-auth' }),
  JWT_AUDIENCE: Type.String({ default: 'persona-lab' }),
});

/** The credential that internal (service-to-service) routes require. */
export const ServiceTokenConfig = Type.Object({
  SERVICE_TOKEN: Type.String({ minLength: 32, description: 'Shared secret of internal routes' }),
});

export const DatabaseConfig = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
});

export const RedisConfig = Type.Object({
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
});

/** Services that publish or consume messages. */
export const BrokerConfig = Type.Object({
  RABBITMQ_URL: Type.String({ pattern: '^amqps?://', default: 'amqp://guest:guest@127.0.0.1:5672' }),
  /** Run the queue consumers in this instance (an HTTP-only instance sets false). */
  CONSUMERS_ENABLED: Type.Boolean({ default: true }),
  /** Prefix of every queue and exchange name; tests use it to isolate their topology. */
  BROKER_NAMESPACE: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$' })),
  /** Delays between attempts of a failing task, in ms (comma separated); the contract's by default. */
  TASK_RETRY_DELAYS_MS: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$' })),
});

/** The TASK_RETRY_DELAYS_MS list as numbers, or undefined for the contract's own delays. */
export const retryDelaysOf = (config: { TASK_RETRY_DELAYS_MS?: string }): number[] | undefined =>
  config.TASK_RETRY_DELAYS_MS?.split(',').map(Number);

/** Services that call the ai-gateway. */
export const AiGatewayClientConfig = Type.Object({
  AI_GATEWAY_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3005' }),
  /** Timeout of one call to the ai-gateway (which itself retries the provider and repairs answers). */
  AI_GATEWAY_TIMEOUT_MS: Type.Integer({ minimum: 1_000, default: 120_000 }),
});

/** Per-user limits of the services that start model calls (persona-service, feedback-service). */
export const QuotaConfig = Type.Object({
  /**
   * Model calls (persona generation, feedback, themes) a user's requests may start per UTC day. The
   * default lets one session of the largest size start (2,000 generated personas × 10 products:
   * 22,011 calls).
   */
  QUOTA_LLM_CALLS_PER_DAY: Type.Integer({ minimum: 1, default: 25_000 }),
});

/** Reads `env` into the schema's type, converting strings and applying defaults; throws naming every bad variable. */
export function loadConfig<S extends TObject>(schema: S, env: NodeJS.ProcessEnv = process.env): Static<S> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const value = Value.Convert(schema, Value.Default(schema, raw));
  const problems = Value.Errors(schema, value).flatMap((error) => {
    if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties: string[] }).requiredProperties;
      return missing.map((name) => `${name} is required but not set`);
    }
    const name = error.instancePath.replace(/^\//, '');
    const got = JSON.stringify(env[name]);
    // A union of literals reports each literal too ('const'); say once what is allowed.
    if (error.keyword === 'anyOf') return [`${name} must be one of ${describeUnion(schema, name)} (got ${got})`];
    if (error.keyword === 'const') return [];
    return [`${name} ${error.message} (got ${got})`];
  });
  const all = [...new Set(problems)];
  if (all.length > 0) throw new ConfigError(all);
  return value as Static<S>;
}

function describeUnion(schema: TObject, name: string): string {
  const property = schema.properties[name] as { anyOf?: { const?: unknown }[] } | undefined;
  return (property?.anyOf ?? []).map((option) => JSON.stringify(option.const)).join(', ');
}
