// The whole platform as a user meets it, for end-to-end tests (the CLI's, the web console's): every
// service as a child process (ai-gateway on the offline provider), optionally the web app in front,
// a fresh database, and RabbitMQ/Redis names of this run alone.
import { randomUUID } from 'node:crypto';

import { createPrismaClient } from '@persona-lab/db';
import { createTestDatabase, type TestDatabase } from '@persona-lab/db/testing';

import { TEST_RETRY_DELAYS_MS, testEnv } from './env.js';
import { type ServiceProcess, startServiceProcess } from './service-process.js';

type ServiceName = 'gateway' | 'auth' | 'products' | 'personas' | 'feedback' | 'web';

export interface PlatformOptions {
  /** Starts the run's broker namespace and Redis key names, e.g. "cli". */
  prefix: string;
  /**
   * Removes the run's broker namespace at the end: `deleteNamespace` of @persona-lab/messaging, passed
   * in because messaging's own tests use this package.
   */
  removeNamespace(namespace: string, retryDelaysMs: readonly number[]): Promise<void>;
  /** Also starts the web app in front of the API services, with these settings (e.g. COOKIE_SECRET). */
  web?: Record<string, string>;
}

export interface Platform {
  db: TestDatabase;
  prisma: ReturnType<typeof createPrismaClient>;
  /** The API services' addresses, as a user's shell (or the web app) is given them. */
  apiUrls: Record<'AUTH_API_URL' | 'PRODUCT_API_URL' | 'PERSONA_SERVICE_URL' | 'FEEDBACK_SERVICE_URL', string>;
  /** The environment the services run with (to start another one in a test). */
  serviceEnv: NodeJS.ProcessEnv;
  services: Record<Exclude<ServiceName, 'web'>, ServiceProcess> & { web?: ServiceProcess };
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

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const db = await createTestDatabase();
  const namespace = `${options.prefix}-${randomUUID().slice(0, 8)}`;
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
  const cleanUp = async () => {
    await options.removeNamespace(namespace, TEST_RETRY_DELAYS_MS);
    await db.drop();
  };
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
    const apiUrls = {
      AUTH_API_URL: auth!.url,
      PRODUCT_API_URL: products!.url,
      PERSONA_SERVICE_URL: personas.url,
      FEEDBACK_SERVICE_URL: feedback.url,
    };
    const web = options.web
      ? await startServiceProcess('web', { NODE_ENV: 'test', LOG_LEVEL: 'warn', ...apiUrls, ...options.web })
      : undefined;
    if (web) running.push(web);
    const prisma = createPrismaClient({ url: db.url });
    return {
      db,
      prisma,
      apiUrls,
      serviceEnv,
      services: { gateway: gateway!, auth: auth!, products: products!, personas, feedback, web },
      async close() {
        await prisma.$disconnect();
        await web?.stop();
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
