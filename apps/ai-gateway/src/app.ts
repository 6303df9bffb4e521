import { type App, authPlugin, createApp } from '@persona-lab/service-kit';

import { type AiGatewayConfig, providerScopeOf, usesResponseCache } from './config.js';
import { aiMetricsPlugin } from './plugins/ai-metrics.js';
import { aiOperationsPlugin } from './plugins/ai-operations.js';
import { responseCachePlugin } from './plugins/response-cache.js';
import { operationRoutes } from './routes/operations.js';

/** Concern lists of big sessions are larger than the kit's default body limit. */
const BODY_LIMIT = 2 * 1024 * 1024;

/** Builds the ai-gateway: the only service that talks to LLM providers. */
export async function buildApp(config: AiGatewayConfig): Promise<App> {
  const app = await createApp({
    service: 'ai-gateway',
    logLevel: config.LOG_LEVEL,
    // Every route is a model call on someone's hot path; failures keep their own lines.
    requestLogLevel: 'debug',
    trustProxy: config.TRUST_PROXY,
    bodyLimit: BODY_LIMIT,
    metricsToken: config.METRICS_TOKEN,
  });
  // Every route here takes the service credential only; user tokens are never accepted.
  await app.register(authPlugin, { serviceToken: config.SERVICE_TOKEN });
  if (usesResponseCache(config)) {
    await app.register(responseCachePlugin, {
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      scope: providerScopeOf(config),
      maxAgeDays: config.AI_CACHE_MAX_AGE_DAYS,
      maxEntries: config.AI_CACHE_MAX_ENTRIES,
      pruneIntervalMs: config.AI_CACHE_PRUNE_INTERVAL_MS,
      writeBatch: { maxEntries: config.AI_CACHE_WRITE_BATCH_SIZE, maxDelayMs: config.AI_CACHE_WRITE_DELAY_MS },
    });
  } else if (config.AI_CACHE_ENABLED) {
    app.log.warn('response cache off: DATABASE_URL is not set');
  }
  await app.register(aiOperationsPlugin, { config });
  await app.register(aiMetricsPlugin);
  await app.register(operationRoutes);
  return app;
}
