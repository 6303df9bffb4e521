import { BaseConfig, DatabaseConfig, JwtConfig, loadConfig, RedisConfig } from '@persona-lab/service-kit';
import { type Static, Type } from 'typebox';

export const ProductApiConfig = Type.Object({
  ...BaseConfig.properties,
  ...JwtConfig.properties,
  ...DatabaseConfig.properties,
  ...RedisConfig.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
  DEFAULT_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'USD', description: 'ISO 4217 code of a product created without one' }),
});
export type ProductApiConfig = Static<typeof ProductApiConfig>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ProductApiConfig, env);
