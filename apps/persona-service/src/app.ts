import { randomUUID } from 'node:crypto';

import { brokerPlugin } from '@persona-lab/messaging';
import { type App, authPlugin, createApp, prismaPlugin, redisPlugin, retryDelaysOf } from '@persona-lab/service-kit';

import type { PersonaServiceConfig } from './config.js';
import { consumePersonaTasks } from './consumers/persona-generation.consumer.js';
import { requeueStrandedPersonas } from './domain/requeue-stranded.js';
import { generationPlugin } from './plugins/generation.js';
import { internalRoutes } from './routes/internal.js';
import { personaRoutes } from './routes/personas.js';

/** Builds the persona-service: personas over HTTP, find-or-create for the feedback-service, and the generation consumer. */
export async function buildApp(config: PersonaServiceConfig): Promise<App> {
  const app = await createApp({
    service: 'persona-service',
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
  });
  await app.register(prismaPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  // Only for the deny-list of signed-out tokens.
  await app.register(redisPlugin, { url: config.REDIS_URL });
  // After the database: onClose runs in reverse, so the broker drains its handlers while the database is open.
  await app.register(brokerPlugin, {
    url: config.RABBITMQ_URL,
    service: 'persona-service',
    namespace: config.BROKER_NAMESPACE,
    retryDelaysMs: retryDelaysOf(config),
  });
  await app.register(authPlugin, {
    jwtSecret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    serviceToken: config.SERVICE_TOKEN,
    checkRevocations: true,
  });
  await app.register(generationPlugin, {
    gatewayUrl: config.AI_GATEWAY_URL,
    serviceToken: config.SERVICE_TOKEN,
    gatewayTimeoutMs: config.AI_GATEWAY_TIMEOUT_MS,
    llmCallsPerDay: config.QUOTA_LLM_CALLS_PER_DAY,
  });
  await app.register(personaRoutes);
  await app.register(internalRoutes);

  if (config.CONSUMERS_ENABLED) {
    app.addHook('onReady', async () => {
      consumePersonaTasks(app, { prefetch: config.PERSONA_PREFETCH });
      // In the background: start-up does not wait on the broker's confirms.
      void requeueStrandedPersonas(app.generation, { requestId: `startup-${randomUUID()}`, log: app.log }).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'stranded persona check failed'),
      );
    });
  }
  return app;
}
