import { Type, type Static } from 'typebox';
import { BaseConfig, DatabaseConfig, JwtConfig, loadConfig, ServiceTokenConfig } from '@persona-lab/service-kit';

export const FeedbackServiceConfig = Type.Object({
  ...BaseConfig.properties,
  ...JwtConfig.properties,
  ...ServiceTokenConfig.properties,
  ...DatabaseConfig.properties,
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3004 }),
});
export type FeedbackServiceConfig = Static<typeof FeedbackServiceConfig>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(FeedbackServiceConfig, env);
