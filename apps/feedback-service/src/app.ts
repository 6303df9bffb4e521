import { randomUUID } from 'node:crypto';

import { brokerPlugin } from '@persona-lab/messaging';
import { type App, authPlugin, createApp, idempotencyPlugin, prismaPlugin, redisPlugin, retryDelaysOf } from '@persona-lab/service-kit';

import type { FeedbackServiceConfig } from './config.js';
import { consumeFeedbackTasks } from './consumers/feedback-generation.consumer.js';
import { consumePanelAnswerTasks } from './consumers/panel-answer.consumer.js';
import { consumePersonaStatus } from './consumers/persona-status.consumer.js';
import { completeStrandedQuestions, completeStrandedSessions, refillStrandedQuestions, refillStrandedWindows } from './domain/recovery.js';
import { loadAnchorSets } from './domain/ssr-anchors.js';
import { aiPlugin } from './plugins/ai.js';
import { domainDepsPlugin } from './plugins/domain-deps.js';
import { locksPlugin } from './plugins/locks.js';
import { personaDirectoryPlugin } from './plugins/persona-directory.js';
import { progressFeedPlugin } from './plugins/progress-feed.js';
import { resultsPoolPlugin } from './plugins/results-pool.js';
import { streamSlotsPlugin } from './plugins/stream-slots.js';
import { eventRoutes, HEARTBEAT_MS } from './routes/events.js';
import { interviewRoutes } from './routes/interviews.js';
import { questionRoutes } from './routes/questions.js';
import { sessionRoutes } from './routes/sessions.js';
import { usageRoutes } from './routes/usage.js';

/** Builds the feedback-service: sessions over HTTP and the consumers of its queues. */
export async function buildApp(config: FeedbackServiceConfig): Promise<App> {
  const app = await createApp({
    service: 'feedback-service',
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
  });
  await app.register(prismaPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await app.register(resultsPoolPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await app.register(redisPlugin, { url: config.REDIS_URL });
  // After the database: onClose runs in reverse, so the broker drains its handlers while the database is open.
  await app.register(brokerPlugin, {
    url: config.RABBITMQ_URL,
    service: 'feedback-service',
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
  await app.register(idempotencyPlugin, {
    keyPrefix: `${config.REDIS_KEY_PREFIX}:idempotency`,
    ttlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
  });
  await app.register(locksPlugin, { keyPrefix: `${config.REDIS_KEY_PREFIX}:locks` });
  await app.register(progressFeedPlugin, { channelPrefix: `${config.REDIS_KEY_PREFIX}:feedback-progress` });
  await app.register(streamSlotsPlugin, {
    keyPrefix: `${config.REDIS_KEY_PREFIX}:progress-streams`,
    limit: config.QUOTA_PROGRESS_STREAMS,
    leaseMs: 3 * HEARTBEAT_MS,
  });
  await app.register(personaDirectoryPlugin, { baseUrl: config.PERSONA_SERVICE_URL, serviceToken: config.SERVICE_TOKEN });
  await app.register(aiPlugin, {
    baseUrl: config.AI_GATEWAY_URL,
    serviceToken: config.SERVICE_TOKEN,
    timeoutMs: config.AI_GATEWAY_TIMEOUT_MS,
  });
  await app.register(domainDepsPlugin, {
    quotas: { runningSessions: config.QUOTA_RUNNING_SESSIONS, llmCallsPerDay: config.QUOTA_LLM_CALLS_PER_DAY },
    sessionWindow: config.SESSION_MAX_IN_FLIGHT,
    ssr: {
      anchorSets: loadAnchorSets(config.SSR_ANCHORS_FILE),
      epsilon: config.SSR_EPSILON,
      temperature: config.SSR_TEMPERATURE,
      embedTimeoutMs: config.SSR_EMBED_TIMEOUT_MS,
    },
  });
  await app.register(sessionRoutes);
  await app.register(eventRoutes);
  await app.register(questionRoutes);
  await app.register(interviewRoutes);
  await app.register(usageRoutes);

  if (config.CONSUMERS_ENABLED) {
    app.addHook('onReady', async () => {
      consumeFeedbackTasks(app, { prefetch: config.FEEDBACK_PREFETCH });
      consumePanelAnswerTasks(app, { prefetch: config.FEEDBACK_PREFETCH });
      consumePersonaStatus(app, { prefetch: 4 });
      void refillStrandedWindows(app.feedback, { requestId: `startup-${randomUUID()}`, log: app.log }).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'stranded window refill failed'),
      );
      void refillStrandedQuestions(app.feedback, { requestId: `startup-${randomUUID()}`, log: app.log }).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'stranded question window refill failed'),
      );
      // In the background: start-up does not wait on the AI calls of a completion.
      void completeStrandedSessions(app.feedback, { requestId: `startup-${randomUUID()}`, log: app.log }).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'stranded session check failed'),
      );
      void completeStrandedQuestions(app.feedback, { requestId: `startup-${randomUUID()}`, log: app.log }).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'stranded question check failed'),
      );
    });
  }
  return app;
}
