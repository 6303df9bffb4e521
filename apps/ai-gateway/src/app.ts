import { type App, authPlugin, createApp } from '@persona-lab/service-kit';

import type { AiGatewayConfig } from './config.js';
import { aiMetricsPlugin } from './plugins/ai-metrics.js';
import { aiOperationsPlugin } from './plugins/ai-operations.js';
import { operationRoutes } from './routes/operations.js';

/** Concern lists of big sessions are larger than the kit's default body limit. */
const BODY_LIMIT = 2 * 1024 * 1024;

/** Builds the ai-gateway: the only service that talks to LLM providers. */
export async function buildApp(config: AiGatewayConfig): Promise<App> {
  const app = await createApp({
    service: 'ai-gateway',
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: BODY_LIMIT,
    metricsToken: config.METRICS_TOKEN,
  });
  // Every route here takes the service credential only; user tokens are never accepted.
  await app.register(authPlugin, { serviceToken: config.SERVICE_TOKEN });
  await app.register(aiOperationsPlugin, { config });
  await app.register(aiMetricsPlugin);
  await app.register(operationRoutes);
  return app;
}
