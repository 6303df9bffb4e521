// The whole platform as a browser meets it: every service as a child process (ai-gateway on the
// offline provider) behind the web app, a fresh database, and RabbitMQ/Redis names of this run alone.
// (The CLI's end-to-end tests start the same services; the web app is what this one adds.)
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

export const TEST_COOKIE_SECRET = 'test-cookie-secret-that-is-at-least-32-characters';

export interface Platform {
  db: TestDatabase;
  prisma: ReturnType<typeof createPrismaClient>;
  /** The web app's address: the only one a browser uses. */
  webUrl: string;
  services: Record<'gateway' | 'auth' | 'products' | 'personas' | 'feedback' | 'web', ServiceProcess>;
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
  const namespace = `web-${randomUUID().slice(0, 8)}`;
  const serviceEnv = testEnv({
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    BROKER_NAMESPACE: namespace,
    REDIS_KEY_PREFIX: `test:${namespace}`,
    LOGIN_LIMIT_NAMESPACE: `test:${namespace}`,
    REGISTER_IP_MAX: '1000',
    TASK_RETRY_DELAYS_MS: TEST_RETRY_DELAYS_MS.join(','),
  });
  const running: ServiceProcess[] = [];
  const cleanUp = async () => {
    await deleteNamespace({ url: testEnv().RABBITMQ_URL!, namespace, retryDelaysMs: TEST_RETRY_DELAYS_MS });
    await db.drop();
  };
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
    const web = await startServiceProcess('web', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      COOKIE_SECRET: TEST_COOKIE_SECRET,
      AUTH_API_URL: auth!.url,
      PRODUCT_API_URL: products!.url,
      PERSONA_SERVICE_URL: personas.url,
      FEEDBACK_SERVICE_URL: feedback.url,
    });
    running.push(web);
    const prisma = createPrismaClient({ url: db.url });
    return {
      db,
      prisma,
      webUrl: web.url,
      services: { gateway: gateway!, auth: auth!, products: products!, personas, feedback, web },
      async close() {
        await prisma.$disconnect();
        await web.stop();
        // The feedback-service before the others: it consumes the persona-service's events.
        await feedback.stop();
        await Promise.allSettled([gateway!, auth!, products!, personas].map((service) => service.stop()));
        await cleanUp();
      },
    };
  } catch (error) {
    await Promise.allSettled(running.map((service) => service.stop()));
    await cleanUp();
    throw error;
  }
}
