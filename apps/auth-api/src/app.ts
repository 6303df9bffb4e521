import { type App, authPlugin, createApp, prismaPlugin, redisPlugin } from '@persona-lab/service-kit';

import type { AuthApiConfig } from './config.js';
import { accountsPlugin } from './plugins/accounts.js';
import { authRoutes } from './routes/auth.js';

/** Credentials are a few hundred bytes; a small limit keeps junk away from the hasher. */
const BODY_LIMIT_BYTES = 16 * 1024;

/** Builds the auth-api: registration, login and "me", issuing the JWTs every service verifies. */
export async function buildApp(config: AuthApiConfig): Promise<App> {
  const app = await createApp({
    service: 'auth-api',
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: BODY_LIMIT_BYTES,
    metricsToken: config.METRICS_TOKEN,
  });
  await app.register(prismaPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await app.register(redisPlugin, { url: config.REDIS_URL });
  await app.register(authPlugin, {
    jwtSecret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    checkRevocations: true,
  });

  await app.register(accountsPlugin, config);
  await app.register(authRoutes);
  return app;
}
