// The whole platform as a user meets it, for the CLI's end-to-end tests: every service as a child
// process (ai-gateway on the offline provider), a fresh database, and RabbitMQ/Redis names of this
// test run alone.
import { randomUUID } from 'node:crypto';

import { createPrismaClient } from '@persona-lab/db';
import { deleteNamespace } from '@persona-lab/messaging';
import {
  createTestDatabase,
  type ServiceProcess,
  startServiceProcess,
  TEST_RETRY_DELAYS_MS,
  type TestDatabase,
  testEnv,
} from '@persona-lab/testing';

export interface Platform {
  db: TestDatabase;
  prisma: ReturnType<typeof createPrismaClient>;
  /** The environment a user's shell would have: the service URLs. */
  cliEnv: Record<string, string>;
  /** The environment the services run with (to start another one in a test). */
  serviceEnv: NodeJS.ProcessEnv;
  services: Record<'gateway' | 'auth' | 'products' | 'personas' | 'feedback', ServiceProcess>;
  close(): Promise<void>;
}

/** Starts them all at once; if one fails, stops the others before failing. */
async function startAll(starts: Promise<ServiceProcess>[]): Promise<ServiceProcess[]> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const started = settled.filter((s): s is PromiseFulfilledResult<ServiceProcess> => s.status === 'fulfilled').map((s) => s.value);
  if (failed) {
    await Promise.allSettled(started.map((service) => service.stop()));
    throw failed.reason;
  }
  return started;
}

export async function startPlatform(): Promise<Platform> {
  const db = await createTestDatabase();
  const namespace = `cli-${randomUUID().slice(0, 8)}`;
  const serviceEnv = testEnv({
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    BROKER_NAMESPACE: namespace,
    REDIS_KEY_PREFIX: `test:${namespace}`,
    LOGIN_LIMIT_NAMESPACE: `test:${namespace}`,
    // Every sign-up of these tests comes from 127.0.0.1.
    REGISTER_IP_MAX: '1000',
    TASK_RETRY_DELAYS_MS: TEST_RETRY_DELAYS_MS.join(','),
  });
  const running: ServiceProcess[] = [];
  try {
    const [gateway, auth, products] = await startAll([
      startServiceProcess('ai-gateway', { ...testEnv(), LOG_LEVEL: 'warn' }),
      startServiceProcess('auth-api', serviceEnv),
      startServiceProcess('product-api', serviceEnv),
    ]);
    running.push(gateway!, auth!, products!);
    const personas = await startServiceProcess('persona-service', { ...serviceEnv, AI_GATEWAY_URL: gateway!.url });
    running.push(personas);
    const feedback = await startServiceProcess('feedback-service', {
      ...serviceEnv,
      AI_GATEWAY_URL: gateway!.url,
      PERSONA_SERVICE_URL: personas.url,
    });
    running.push(feedback);
    const prisma = createPrismaClient({ url: db.url });
    return {
      db,
      prisma,
      serviceEnv,
      cliEnv: {
        AUTH_API_URL: auth!.url,
        PRODUCT_API_URL: products!.url,
        PERSONA_SERVICE_URL: personas.url,
        FEEDBACK_SERVICE_URL: feedback.url,
      },
      services: { gateway: gateway!, auth: auth!, products: products!, personas, feedback },
      async close() {
        await prisma.$disconnect();
        // The feedback-service first: it consumes the persona-service's events.
        await feedback.stop();
        await Promise.allSettled([gateway!, auth!, products!, personas].map((service) => service.stop()));
        await deleteNamespace({ url: testEnv().RABBITMQ_URL!, namespace, retryDelaysMs: TEST_RETRY_DELAYS_MS });
        await db.drop();
      },
    };
  } catch (error) {
    await Promise.allSettled(running.map((service) => service.stop()));
    await deleteNamespace({ url: testEnv().RABBITMQ_URL!, namespace, retryDelaysMs: TEST_RETRY_DELAYS_MS });
    await db.drop();
    throw error;
  }
}
