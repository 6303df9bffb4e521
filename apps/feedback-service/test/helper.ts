// The platform a feedback-service test needs, all real: a fresh database, RabbitMQ and Redis under
// names of this test file alone, the ai-gateway as a child process (offline provider, or the fake
// LLM provider when a test scripts failures), and one or more feedback-service instances built from app.ts.
// `useFeedbackService()` gives a test file all of it; `startStack()` is the same without the hooks.
import { randomUUID } from 'node:crypto';

import type { FeedbackResult, FeedbackResultPage } from '@persona-lab/contracts';
import { deleteNamespace } from '@persona-lab/messaging';
import type { App } from '@persona-lab/service-kit';
import {
  createTestDatabase,
  type FakeLlmProvider,
  type ServiceProcess,
  startFakeLlmProvider,
  startServiceProcess,
  TEST_RETRY_DELAYS_MS,
  type TestDatabase,
  testEnv,
  tokenFor,
  useStarted,
  waitFor,
} from '@persona-lab/testing';

import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';

export interface Stack {
  database: TestDatabase;
  namespace: string;
  gateway: ServiceProcess;
  llm?: FakeLlmProvider;
  personaService?: ServiceProcess;
  /** Feedback-service instances; the first one serves the HTTP requests of the test. */
  apps: App[];
  env: NodeJS.ProcessEnv;
  addInstance(overrides?: Record<string, string>): Promise<App>;
  close(): Promise<void>;
}

export interface StackOptions {
  instances?: number;
  /** Use the fake LLM provider (scripted per test) instead of the offline provider. */
  fakeLlm?: boolean;
  /** Start the persona-service too (target-audience sessions). */
  personaService?: boolean;
  /** Give the gateway the test database, so its response cache is on. */
  responseCache?: boolean;
  gatewayEnv?: Record<string, string>;
  /** Settings of every feedback-service instance (e.g. longer TASK_RETRY_DELAYS_MS for fault tests). */
  env?: Record<string, string>;
}

/** Registers the file's (or describe block's) beforeAll/afterAll; read the stack inside tests. */
export function useFeedbackService(options: StackOptions = {}): Stack {
  return useStarted(() => startStack(options));
}

/** Starts the stack; the caller closes it (the fault tests, which start a Redis of their own first). */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase();
  const namespace = `t-${randomUUID().slice(0, 8)}`;
  const llm = options.fakeLlm ? await startFakeLlmProvider() : undefined;
  const gateway = await startServiceProcess('ai-gateway', {
    ...testEnv(),
    LOG_LEVEL: 'warn',
    AI_RETRY_BASE_MS: '10',
    AI_RETRY_MAX_MS: '20',
    ...(llm ? { AI_PROVIDER: 'openai-compatible', AI_COMPATIBLE_BASE_URL: llm.baseUrl, AI_COMPATIBLE_API_KEY: 'test-key' } : {}),
    ...(options.responseCache ? { DATABASE_URL: database.url } : {}),
    ...options.gatewayEnv,
  });
  const baseEnv = testEnv({
    DATABASE_URL: database.url,
    BROKER_NAMESPACE: namespace,
    REDIS_KEY_PREFIX: `test:${namespace}`,
    AI_GATEWAY_URL: gateway.url,
    TASK_RETRY_DELAYS_MS: TEST_RETRY_DELAYS_MS.join(','),
    ...options.env,
  });
  const personaService = options.personaService
    ? await startServiceProcess('persona-service', { ...baseEnv, LOG_LEVEL: 'warn' })
    : undefined;
  const env = { ...baseEnv, ...(personaService ? { PERSONA_SERVICE_URL: personaService.url } : {}) };

  const apps: App[] = [];
  const addInstance = async (overrides: Record<string, string> = {}) => {
    const app = await buildApp(readConfig({ ...env, ...overrides }));
    await app.ready();
    await app.broker.waitUntilReady(15_000);
    apps.push(app);
    return app;
  };
  try {
    for (let i = 0; i < (options.instances ?? 1); i += 1) await addInstance();
  } catch (error) {
    // A failed start must not leave the child processes, the fake provider or the database behind.
    await Promise.allSettled(apps.map((app) => app.close()));
    await Promise.allSettled([gateway.stop(), personaService?.stop(), llm?.close()]);
    await database.drop();
    throw error;
  }

  return {
    database,
    namespace,
    gateway,
    llm,
    personaService,
    apps,
    env,
    addInstance,
    async close() {
      await Promise.allSettled(apps.map((app) => app.close()));
      await Promise.allSettled([gateway.stop(), personaService?.stop(), llm?.close()]);
      await deleteNamespace({ url: baseEnv.RABBITMQ_URL!, namespace, retryDelaysMs: baseEnv.TASK_RETRY_DELAYS_MS!.split(',').map(Number) });
      await database.drop();
    },
  };
}

export async function createProduct(
  app: App,
  ownerId: string,
  overrides: Partial<{ name: string; description: string; price: string; keyFeatures: string[] }> = {},
) {
  return app.db.product.create({
    data: {
      ownerId,
      name: overrides.name ?? 'Trail running shoe',
      description: overrides.description ?? 'A light trail shoe with a grippy sole and a recycled upper.',
      price: overrides.price ?? '129.00',
      category: 'Footwear',
      keyFeatures: overrides.keyFeatures ?? ['Vibram sole', 'recycled upper', '280 g'],
    },
  });
}

/** Tasks of one contract confirmed by the broker, summed over the given instances (their metrics). */
export async function tasksPublished(contract: { name: string }, instances: App[]): Promise<number> {
  const counts = await Promise.all(
    instances.map(async (instance) => {
      const metric = await instance.metrics.getSingleMetric('messages_published_total')?.get();
      return (metric?.values ?? []).filter((v) => v.labels.contract === contract.name).reduce((sum, v) => sum + v.value, 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** The delivery a consumer would hand a task's handler on the given attempt (4 at most, not redelivered). */
export function deliveryAttempt(app: App, attempt: number, requestId = 'takeover') {
  return { requestId, attempt, maxAttempts: 4, lastAttempt: false, redelivered: false, log: app.log };
}

/** The session's view once it has finished (COMPLETED, FAILED or CANCELLED), read as its owner through the route. */
export function finishedSession(app: App, ownerId: string, id: string, timeoutMs = 60_000) {
  return waitFor(
    `session ${id} to finish`,
    async () => {
      const session = (await app.inject({ url: `/feedback-sessions/${id}`, headers: tokenFor(ownerId) })).json();
      return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(session.status) ? session : undefined;
    },
    { timeoutMs },
  );
}

/** Every result of a session, read as its owner page by page through `GET /feedback-sessions/:id/results`. */
export async function sessionResults(app: App, ownerId: string, id: string): Promise<FeedbackResult[]> {
  const results: FeedbackResult[] = [];
  for (let page = 1; ; page += 1) {
    const res = await app.inject({ url: `/feedback-sessions/${id}/results?pageSize=100&page=${page}`, headers: tokenFor(ownerId) });
    const { items, total } = res.json() as FeedbackResultPage;
    results.push(...items);
    if (items.length === 0 || results.length >= total) return results;
  }
}
