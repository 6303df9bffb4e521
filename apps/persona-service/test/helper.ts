// What a persona-service test needs, all real: a fresh database, RabbitMQ under a namespace of this
// test file alone, the ai-gateway as a child process in front of a scripted fake LLM provider, and
// persona-service instances built from app.ts. A Broker of the test's own listens to the events.
// `usePersonaService()` gives a test file all of it; `startStack()` is the same without the hooks.
import { randomUUID } from 'node:crypto';

import {
  type MessageContract,
  PersonaGenerationTask,
  PersonaStatusChanged,
  type PersonaStatusChangedMessage,
} from '@persona-lab/contracts';
import { Broker, type MessageHandler, type Subscription } from '@persona-lab/messaging';
import type { App } from '@persona-lab/service-kit';
import {
  createTestDatabase,
  type FakeLlmProvider,
  type RecordedRequest,
  type ServiceProcess,
  startFakeLlmProvider,
  startServiceProcess,
  TEST_RETRY_DELAYS_MS,
  type TestDatabase,
  testEnv,
  useStarted,
} from '@persona-lab/testing';

import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';

const EVENT_LISTENER = 'persona-test';

export interface Stack {
  database: TestDatabase;
  namespace: string;
  llm: FakeLlmProvider;
  gateway: ServiceProcess;
  /** Persona-service instances; the first serves the test's HTTP requests. */
  apps: App[];
  app: App;
  /** Every PersonaStatusChanged published so far, in order. */
  events: PersonaStatusChangedMessage[];
  /** A broker of the test's own in the same namespace: publishes tasks as another service would. */
  broker: Broker;
  /** Consumes with the test's broker; the consumer is stopped before the namespace is deleted. */
  consume<C extends MessageContract>(contract: C, handler: MessageHandler<C>): Subscription;
  addInstance(overrides?: Record<string, string>): Promise<App>;
  close(): Promise<void>;
}

export interface StackOptions {
  instances?: number;
  /** The gateway's built-in offline provider instead of the fake (the fake then sees no traffic). */
  offline?: boolean;
  /** Overrides of the persona-service environment. */
  env?: Record<string, string>;
}

/** Registers the file's (or describe block's) beforeAll/afterAll; read the stack inside tests. */
export function usePersonaService(options: StackOptions = {}): Stack {
  return useStarted(() => startStack(options));
}

/** Starts the stack; the caller closes it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase();
  const namespace = `t-${randomUUID().slice(0, 8)}`;
  const llm = await startFakeLlmProvider({ fallback: fakePersonaModel });
  const gateway = await startServiceProcess('ai-gateway', {
    ...testEnv(),
    LOG_LEVEL: 'warn',
    ...(options.offline
      ? { AI_PROVIDER: 'offline' }
      : { AI_PROVIDER: 'openai-compatible', AI_COMPATIBLE_BASE_URL: llm.baseUrl, AI_COMPATIBLE_API_KEY: 'test-key' }),
    AI_RETRY_BASE_MS: '5',
    AI_RETRY_MAX_MS: '20',
    AI_TIMEOUT_MS: '5000',
  });
  const env = testEnv({
    DATABASE_URL: database.url,
    BROKER_NAMESPACE: namespace,
    AI_GATEWAY_URL: gateway.url,
    TASK_RETRY_DELAYS_MS: TEST_RETRY_DELAYS_MS.join(','),
    ...options.env,
  });

  const apps: App[] = [];
  try {
    const addInstance = async (overrides: Record<string, string> = {}) => {
      const app = await buildApp(readConfig({ ...env, ...overrides }));
      await app.ready();
      await app.broker.waitUntilReady(15_000);
      apps.push(app);
      return app;
    };
    for (let i = 0; i < (options.instances ?? 1); i += 1) await addInstance();

    const events: PersonaStatusChangedMessage[] = [];
    const broker = new Broker({ url: env.RABBITMQ_URL!, service: EVENT_LISTENER, namespace, logger: apps[0]!.log });
    const subscriptions: Subscription[] = [];
    const consume = <C extends MessageContract>(contract: C, handler: MessageHandler<C>) => {
      const subscription = broker.consume(contract, handler, { retry: { delaysMs: TEST_RETRY_DELAYS_MS } });
      subscriptions.push(subscription);
      return subscription;
    };
    consume(PersonaStatusChanged, async (event) => void events.push(event));
    await broker.waitUntilReady(15_000);

    return {
      database,
      namespace,
      llm,
      gateway,
      apps,
      app: apps[0]!,
      events,
      broker,
      consume,
      addInstance,
      async close() {
        await Promise.allSettled(apps.map((app) => app.close()));
        // A live consumer would declare its queue again after the delete.
        await Promise.allSettled(subscriptions.map((subscription) => subscription.cancel()));
        await broker
          .deleteTopology([PersonaGenerationTask, PersonaStatusChanged], {
            subscribers: ['feedback-service', EVENT_LISTENER],
            retryDelaysMs: TEST_RETRY_DELAYS_MS,
          })
          .catch(() => undefined);
        await broker.close();
        await Promise.allSettled([gateway.stop(), llm.close()]);
        await database.drop();
      },
    };
  } catch (error) {
    // A failed start must not leave the gateway child, the fake provider or the database behind.
    await Promise.allSettled(apps.map((app) => app.close()));
    await Promise.allSettled([gateway.stop(), llm.close()]);
    await database.drop();
    throw error;
  }
}

// ------------------------------------------------------------------------------------------------
// The fake model: answers each persona operation from its prompt, so tests can see what was asked.
// ------------------------------------------------------------------------------------------------

export type PersonaOperation = 'batch' | 'fixed-name' | 'details' | 'other';

const system = (request: RecordedRequest) => request.body?.messages?.find((m) => m.role === 'system')?.content ?? '';
export const userPrompt = (request: RecordedRequest) => request.body?.messages?.find((m) => m.role === 'user')?.content ?? '';

/** The name a fixed-name prompt forces: the content of its NAME data block. */
const FIXED_NAME = /\nNAME\n<DATA>\n([\s\S]*?)\n<\/DATA>/;
export const fixedNameOf = (request: RecordedRequest) => FIXED_NAME.exec(system(request))?.[1];

export function operationOf(request: RecordedRequest): PersonaOperation {
  const prompt = system(request);
  if (/Create exactly \d+ persona/.test(prompt)) return 'batch';
  if (FIXED_NAME.test(prompt)) return 'fixed-name';
  if (/one realistic synthetic consumer persona/.test(prompt)) return 'details';
  return 'other';
}

/** Provider requests of one operation (a gateway call that needed no repair makes exactly one). */
export const requestsOf = (llm: FakeLlmProvider, operation: PersonaOperation) => llm.requests.filter((r) => operationOf(r) === operation);

/** The ages the batch prompt asked for, in order. */
export function requestedAges(request: RecordedRequest): number[] {
  const prompt = userPrompt(request);
  const list = /Ages, one persona each, in this order: ([\d, ]+)\./.exec(prompt) ?? /Age: (\d+)\./.exec(prompt);
  return list ? list[1]!.split(',').map((age) => Number(age.trim())) : [];
}

const OCCUPATIONS = ['nurse', 'carpenter', 'pilot', 'baker', 'teacher', 'lawyer', 'farmer', 'chemist', 'designer', 'plumber'];
const HOBBIES = ['chess', 'surfing', 'pottery', 'birdwatching', 'climbing', 'baking', 'cycling', 'gaming', 'knitting', 'sailing'];

/** The gender the prompt's DEMOGRAPHICS ask for ("- Gender: female"), if any. */
export function requestedGender(request: RecordedRequest): 'female' | 'male' | undefined {
  return /^- Gender: (female|male)$/m.exec(userPrompt(request))?.[1] as 'female' | 'male' | undefined;
}

export function fakePersona(name: string, index: number, age?: number, gender?: string) {
  return {
    name,
    detailed_bio: `${name} works as a ${OCCUPATIONS[index % 10]} and spends weekends ${HOBBIES[index % 10]}${age ? `, aged ${age}` : ''}.`,
    product_attitudes: `Buys carefully, persona number ${index + 1}.`,
    gender: gender ?? (index % 2 ? 'male' : 'female'),
    ...(age !== undefined ? { age } : {}),
    age_group: age ? `${Math.floor(age / 10) * 10}s` : undefined,
  };
}

/** A well-behaved model: the right number of personas, the forced name, the requested gender and ages. */
export function fakePersonaModel(request: RecordedRequest): string {
  const operation = operationOf(request);
  const gender = requestedGender(request);
  if (operation === 'batch') {
    const ages = requestedAges(request);
    return JSON.stringify(ages.map((age, i) => fakePersona(`Batch Person ${i + 1}`, i, age, gender)));
  }
  if (operation === 'fixed-name') {
    const name = fixedNameOf(request)!;
    return JSON.stringify(fakePersona(name, name.length, undefined, gender));
  }
  if (operation === 'details') {
    const variant = Number(/variant #(\d+)/.exec(system(request))?.[1] ?? 0);
    const age = Number(/Age within (\d+)-/.exec(userPrompt(request))?.[1] ?? 30);
    return JSON.stringify(fakePersona(`Queued Person ${variant}`, variant, age, gender));
  }
  return JSON.stringify({ error: 'unexpected operation' });
}
