import { PersonaGenerationTask } from '@persona-lab/contracts';
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

export const PersonaServiceConfig = Type.Object({
  ...BaseConfig.properties,
  ...JwtConfig.properties,
  ...ServiceTokenConfig.properties,
  ...DatabaseConfig.properties,
  ...RedisConfig.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
  ...BrokerConfig.properties,
  ...AiGatewayClientConfig.properties,
  /** Persona generation tasks one instance works on at once. */
  PERSONA_PREFETCH: Type.Integer({ minimum: 1, maximum: 500, default: 8 }),
  ...QuotaConfig.properties,
});
export type PersonaServiceConfig = Static<typeof PersonaServiceConfig>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): PersonaServiceConfig {
  const config = loadConfig(PersonaServiceConfig, env);
  // The consumer holds its claim on a task across one ai-gateway call: that call must end within the lease.
  assertLeaseOutlastsCalls(PersonaGenerationTask, { AI_GATEWAY_TIMEOUT_MS: config.AI_GATEWAY_TIMEOUT_MS });
  return config;
}
