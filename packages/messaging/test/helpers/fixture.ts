// One isolated messaging world per test: a random namespace, a Broker in it, a raw connection to
// look inside, and the cleanup that closes both and deletes every queue and exchange it made.
import {
  DEFAULT_RETRY_POLICY,
  FeedbackGenerationTask,
  PersonaGenerationTask,
  PersonaStatusChanged,
  type RetryPolicy,
} from '@persona-lab/contracts';
import { pino } from 'pino';

import { Broker, type BrokerOptions } from '../../src/index.js';
import { connectRaw, RABBITMQ_URL, type RawRabbit, testNamespace } from './rabbit.js';

/** Short delays so retry paths finish within a test. */
export const TEST_RETRY: RetryPolicy = { maxAttempts: 3, delaysMs: [50, 150] };

export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface MessagingFixture {
  namespace: string;
  broker: Broker;
  raw: RawRabbit;
  /** Another broker in the same namespace (a second service instance); closed by cleanup. */
  newBroker(overrides?: Partial<BrokerOptions>): Broker;
  cleanup(): Promise<void>;
}

export async function createMessagingFixture(overrides: Partial<BrokerOptions> = {}): Promise<MessagingFixture> {
  const namespace = testNamespace();
  const raw = await connectRaw();
  const brokers: Broker[] = [];
  const newBroker = (more: Partial<BrokerOptions> = {}) => {
    const broker = new Broker({
      url: RABBITMQ_URL,
      service: 'feedback-service',
      namespace,
      logger: testLogger,
      publishTimeoutMs: 5_000,
      ...overrides,
      ...more,
    });
    brokers.push(broker);
    return broker;
  };
  const broker = newBroker();
  return {
    namespace,
    broker,
    raw,
    newBroker,
    async cleanup() {
      await Promise.all(brokers.map((b) => b.close()));
      await raw.deleteTopology(namespace, {
        contracts: [PersonaGenerationTask, FeedbackGenerationTask, PersonaStatusChanged],
        subscribers: ['feedback-service', 'other-service'],
        retryDelaysMs: [...TEST_RETRY.delaysMs, ...DEFAULT_RETRY_POLICY.delaysMs],
      });
      await raw.close();
    },
  };
}

/** A promise with its resolve function outside: lets a test hold a handler mid-task. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
