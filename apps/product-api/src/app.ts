import { type App, authPlugin, createApp, prismaPlugin, redisPlugin } from '@persona-lab/service-kit';

import type { ProductApiConfig } from './config.js';
import { productsPlugin } from './plugins/products.js';
import { productRoutes } from './routes/products.js';

/** Builds the product-api: the signed-in user's products, with ownership and soft delete. */
export async function buildApp(config: ProductApiConfig): Promise<App> {
  const app = await createApp({
    service: 'product-api',
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
  });
  await app.register(prismaPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  // Only for the deny-list of signed-out tokens.
  await app.register(redisPlugin, { url: config.REDIS_URL });
  await app.register(authPlugin, {
    jwtSecret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    checkRevocations: true,
  });
  await app.register(productsPlugin, { defaultCurrency: config.DEFAULT_CURRENCY });
  await app.register(productRoutes);
  return app;
}
