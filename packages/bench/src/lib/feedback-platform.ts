// The feedback pipeline under benchmark, every service a child process on 127.0.0.1: a fresh
// database, a RabbitMQ namespace and Redis prefix of this run alone, the timed fake provider, one
// ai-gateway in front of it, one feedback-service instance serving HTTP and any number of
// consumer-only instances. Everything it starts is stopped, the namespace deleted and the database
// dropped by the run's clean-ups, also on error.
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createPrismaClient, type PrismaClient } from '@persona-lab/db';
import { deleteNamespace } from '@persona-lab/messaging';
import { createTestDatabase, type ServiceBuild, serviceBuildFromEnv, type ServiceProcess, startServiceProcess } from '@persona-lab/testing';
import { createSigner } from 'fast-jwt';

import type { LoopDelayTarget } from './event-loop-delay.js';
import { type ProcessGroup, processGroup, serverGroups } from './process-cpu.js';
import type { ProviderRequest } from './provider-process.js';
import { onCleanup } from './run.js';
import { type ProviderProbe, startTimedProvider, type TimedProvider } from './timed-provider.js';

/** Short retry delays: a failure in a benchmark should show quickly, not after the contract's minutes. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000];
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface PlatformOptions {
  latencyMs: number;
  /** AI_MAX_CONCURRENCY of the gateway: provider calls it makes at once. */
  gatewayConcurrency: number;
  /** FEEDBACK_PREFETCH of each consuming feedback-service instance. */
  prefetch: number;
  /** SESSION_MAX_IN_FLIGHT of every feedback-service instance (the service's default when absent). */
  sessionWindow?: number;
  /** Whether the instance that serves HTTP also consumes tasks. */
  httpInstanceConsumes: boolean;
  /**
   * Start persona-service too (audience sessions), with its own ai-gateway on the offline provider,
   * so persona generation neither waits on nor shows in the timed provider's figures.
   */
  personaService?: boolean;
  /** What every service runs: source under tsx or the built JavaScript (BENCH_FROM, "source" unless told). */
  from?: ServiceBuild;
  /**
   * Run the fake provider in a child process of its own: its CPU then reads apart from the driver's,
   * and the driver's work does not delay its answers. `provider.probe()` asks the child.
   */
  providerProcess?: boolean;
  /** Extra environment of every feedback-service instance, from the run's (e.g. its DATABASE_URL through a round-trip counter). */
  feedbackEnv?: (env: Readonly<Record<string, string>>) => Record<string, string>;
  /** Extra environment of the ai-gateway that the feedback-service calls, from the run's. */
  gatewayEnv?: (env: Readonly<Record<string, string>>) => Record<string, string>;
}

export interface Seed {
  token: string;
  productIds: string[];
  personaIds: string[];
}

export interface FeedbackPlatform {
  readonly options: PlatformOptions;
  readonly provider: TimedProvider;
  /** The process the fake provider runs in (this one unless `providerProcess`). */
  readonly providerPid: number;
  readonly gateway: ServiceProcess;
  /** The feedback-service instance that serves the HTTP requests (and SSE) of the benchmark. */
  readonly http: ServiceProcess;
  /** persona-service, when the options asked for it. */
  readonly personaService?: ServiceProcess;
  /** The ai-gateway on the offline provider that persona-service generates personas through. */
  readonly personaGateway?: ServiceProcess;
  /** Consumer-only feedback-service instances started so far. */
  readonly consumers: ServiceProcess[];
  readonly db: PrismaClient;
  /** Base environment every service of this run shares (database, broker namespace, secrets). */
  readonly env: Record<string, string>;
  addConsumer(): Promise<ServiceProcess>;
  /** Another service of the platform (e.g. persona-service) on this run's database, broker namespace and gateway. */
  startService(app: string, env?: Record<string, string>): Promise<ServiceProcess>;
  /** A user with `products` products and `personas` ACTIVE personas, written directly to the database. */
  seed(products: number, personas: number): Promise<Seed>;
}

/** `profile` names the folder of the process's CPU profile under BENCH_PROFILE_DIR (the app's name when unset). */
type StartProcess = (app: string, env: Record<string, string>, profile?: string) => Promise<ServiceProcess>;

const PROFILER = fileURLToPath(new URL('./cpu-profiler.mjs', import.meta.url));

/**
 * With BENCH_PROFILE_DIR set, a service writes a CPU profile of its whole life into `<dir>/<name>/<pid>.cpuprofile`
 * (summarise it with src/cpu-profile.ts); nothing otherwise.
 */
function cpuProfileEnv(name: string): Record<string, string> {
  const root = process.env.BENCH_PROFILE_DIR;
  if (!root) return {};
  const dir = path.join(path.resolve(root), name);
  mkdirSync(dir, { recursive: true });
  return { NODE_OPTIONS: `--import ${PROFILER}`, BENCH_CPU_PROFILE_DIR: dir };
}

/**
 * Starts services from `from`; BENCH_NODE_FLAGS replaces the start scripts' node flags (dist only), to measure
 * another setting; BENCH_PROFILE_DIR profiles each one (`cpuProfileEnv`).
 */
function processStarter(from: ServiceBuild): StartProcess {
  return async (app, env, profile = app) => {
    const service = await startServiceProcess(
      app,
      { ...env, ...cpuProfileEnv(profile) },
      {
        readyTimeoutMs: 60_000,
        from,
        nodeFlags: process.env.BENCH_NODE_FLAGS,
      },
    );
    onCleanup(() => service.stop());
    return service;
  };
}

async function startPersonaService(
  startProcess: StartProcess,
  env: Record<string, string>,
): Promise<{ personaService: ServiceProcess; personaGateway: ServiceProcess }> {
  const personaGateway = await startProcess('ai-gateway', { ...env, AI_PROVIDER: 'offline' }, 'persona-gateway');
  return { personaGateway, personaService: await startProcess('persona-service', { ...env, AI_GATEWAY_URL: personaGateway.url }) };
}

const PROVIDER_PROCESS = fileURLToPath(new URL('./provider-process.ts', import.meta.url));

/**
 * The timed provider in a child process (lib/provider-process.ts), with this run's node flags. Its
 * messages are structured clones (`advanced`), so a probe's infinite bounds of a span without calls
 * arrive as they left.
 */
async function startProviderProcess(latencyMs: number): Promise<{ provider: TimedProvider; pid: number }> {
  const child = fork(PROVIDER_PROCESS, [String(latencyMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
  const [{ baseUrl }] = (await once(child, 'message')) as [{ baseUrl: string }];
  const waiting = new Map<number, (answer: unknown) => void>();
  child.on('message', ({ id, answer }: { id: number; answer: unknown }) => {
    waiting.get(id)?.(answer);
    waiting.delete(id);
  });
  let lastId = 0;
  const ask = <T>(what: ProviderRequest['ask']) =>
    new Promise<T>((resolve) => {
      const id = ++lastId;
      waiting.set(id, resolve as (answer: unknown) => void);
      child.send({ id, ask: what } satisfies ProviderRequest);
    });
  const close = async () => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.disconnect();
    await exited;
  };
  const provider: TimedProvider = {
    baseUrl,
    latencyMs,
    probe: () => ask<ProviderProbe>('probe'),
    resetProbe: () => ask<void>('resetProbe'),
    close,
  };
  return { provider, pid: child.pid! };
}

export async function startFeedbackPlatform(options: PlatformOptions): Promise<FeedbackPlatform> {
  const startProcess = processStarter(options.from ?? serviceBuildFromEnv());
  const database = await createTestDatabase();
  onCleanup(() => database.drop());
  const namespace = `bench-${randomBytes(4).toString('hex')}`;
  onCleanup(() => deleteNamespace({ url: RABBITMQ_URL, namespace, retryDelaysMs: RETRY_DELAYS_MS }));
  const db = createPrismaClient({ url: database.url, poolSize: 4 });
  onCleanup(() => db.$disconnect());

  const jwtSecret = randomBytes(32).toString('hex');
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    REDIS_URL,
    RABBITMQ_URL,
    JWT_SECRET: jwtSecret,
    SERVICE_TOKEN: randomBytes(32).toString('hex'),
    BROKER_NAMESPACE: namespace,
    REDIS_KEY_PREFIX: `bench:${namespace}`,
    TASK_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
  };

  const { provider, pid: providerPid } = options.providerProcess
    ? await startProviderProcess(options.latencyMs)
    : { provider: await startTimedProvider(options.latencyMs), pid: process.pid };
  onCleanup(() => provider.close());
  const gateway = await startProcess('ai-gateway', {
    ...env,
    AI_PROVIDER: 'openai-compatible',
    AI_COMPATIBLE_BASE_URL: provider.baseUrl,
    AI_COMPATIBLE_API_KEY: 'bench-key',
    AI_MAX_CONCURRENCY: String(options.gatewayConcurrency),
    ...options.gatewayEnv?.(env),
  });
  const { personaService, personaGateway } = options.personaService ? await startPersonaService(startProcess, env) : {};
  const feedbackEnv = {
    ...env,
    AI_GATEWAY_URL: gateway.url,
    FEEDBACK_PREFETCH: String(options.prefetch),
    ...(options.sessionWindow ? { SESSION_MAX_IN_FLIGHT: String(options.sessionWindow) } : {}),
    ...(personaService ? { PERSONA_SERVICE_URL: personaService.url } : {}),
    ...options.feedbackEnv?.(env),
  };
  const http = await startProcess('feedback-service', { ...feedbackEnv, CONSUMERS_ENABLED: String(options.httpInstanceConsumes) });

  const consumers: ServiceProcess[] = [];
  const sign = createSigner({ key: jwtSecret, algorithm: 'HS256', iss: 'persona-lab-auth', aud: 'persona-lab', expiresIn: 3_600_000 });

  return {
    options,
    provider,
    providerPid,
    gateway,
    http,
    personaService,
    personaGateway,
    consumers,
    db,
    env,
    async addConsumer() {
      const consumer = await startProcess('feedback-service', { ...feedbackEnv, CONSUMERS_ENABLED: 'true' });
      consumers.push(consumer);
      return consumer;
    },
    startService: (app, extraEnv = {}) => startProcess(app, { ...env, AI_GATEWAY_URL: gateway.url, ...extraEnv }),
    async seed(products, personas) {
      const user = await db.user.create({ data: { email: `bench-${randomUUID()}@example.com`, passwordHash: 'not-used' } });
      const productIds = Array.from({ length: products }, () => randomUUID());
      const personaIds = Array.from({ length: personas }, () => randomUUID());
      await db.product.createMany({
        data: productIds.map((id, i) => ({
          id,
          ownerId: user.id,
          name: `Benchmark product ${i + 1}`,
          description: 'A light trail shoe with a grippy sole and a recycled upper, made for the pipeline benchmark.',
          price: `${99 + i}.00`,
          category: 'Footwear',
          keyFeatures: ['grippy sole', 'recycled upper', '280 g'],
        })),
      });
      await db.persona.createMany({
        data: personaIds.map((id, i) => ({
          id,
          ownerId: user.id,
          status: 'ACTIVE' as const,
          name: `Persona ${i + 1}`,
          detailedBio: `Persona ${i + 1} is a ${20 + (i % 50)}-year-old who runs on weekends and watches every euro spent.`,
          productAttitudes: i % 2 ? 'Pays for quality that lasts.' : 'Hunts for discounts and compares prices.',
          age: 20 + (i % 50),
          gender: i % 2 ? 'MALE' : 'FEMALE',
          interests: ['running'],
        })),
      });
      return { token: sign({ sub: user.id }), productIds, personaIds };
    },
  };
}

/** The run's Node services, each by its base URL, as a benchmark reads their /metrics (the feedback-service instances each apart). */
export function platformServices(platform: FeedbackPlatform): LoopDelayTarget[] {
  return [
    { name: 'feedback-service (HTTP and consumers)', url: platform.http.url },
    ...platform.consumers.map((consumer, i) => ({ name: `feedback-service (consumer ${i + 1})`, url: consumer.url })),
    { name: 'ai-gateway', url: platform.gateway.url },
    ...(platform.personaService ? [{ name: 'persona-service', url: platform.personaService.url }] : []),
    ...(platform.personaGateway ? [{ name: "persona-service's ai-gateway (offline)", url: platform.personaGateway.url }] : []),
  ];
}

/**
 * Every process of the run whose CPU a benchmark reports: the services by pid (the consuming
 * feedback-service instances together), the driver (this process, which also runs the fake provider
 * unless `providerProcess`), and the shared servers by name.
 */
export function platformProcessGroups(platform: FeedbackPlatform, driver: string): ProcessGroup[] {
  const database = new URL(platform.env.DATABASE_URL!).pathname.slice(1);
  const feedbackPids = [platform.http, ...platform.consumers].map((service) => service.process.pid!);
  return [
    {
      name: `feedback-service (${feedbackPids.length > 1 ? `${feedbackPids.length} instances` : 'HTTP and consumers'})`,
      pids: () => feedbackPids,
    },
    processGroup('ai-gateway', platform.gateway.process.pid!),
    ...(platform.providerPid === process.pid ? [] : [processGroup('fake provider', platform.providerPid)]),
    ...(platform.personaService ? [processGroup('persona-service', platform.personaService.process.pid!)] : []),
    ...(platform.personaGateway ? [processGroup("persona-service's ai-gateway (offline)", platform.personaGateway.process.pid!)] : []),
    processGroup(driver, process.pid),
    ...serverGroups(database),
  ];
}
