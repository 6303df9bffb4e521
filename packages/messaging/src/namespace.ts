// Removing a whole namespace (its work, retry and dead-letter queues, subscriptions and exchange):
// what a test or benchmark that made a namespace of its own does at the end.
import * as contracts from '@persona-lab/contracts';
import pino from 'pino';

import { Broker } from './broker.js';

const isMessageContract = (value: unknown): value is contracts.MessageContract =>
  typeof value === 'object' && value !== null && ['task', 'event'].includes((value as { kind?: unknown }).kind as string);

/**
 * Every message contract the contracts package defines, found rather than listed: a new task's queues
 * are then removed with its namespace without anyone remembering to add it here (a forgotten one
 * left quorum queues behind on every test run).
 */
export const ALL_CONTRACTS: readonly contracts.MessageContract[] = (Object.values(contracts) as unknown[]).filter(isMessageContract);

export async function deleteNamespace(options: {
  url: string;
  namespace: string;
  /** The delays the namespace's retry queues were declared with. */
  retryDelaysMs?: readonly number[];
  subscribers?: readonly string[];
}): Promise<void> {
  const broker = new Broker({
    url: options.url,
    service: 'namespace-cleanup',
    namespace: options.namespace,
    logger: pino({ level: 'silent' }),
  });
  try {
    await broker.deleteTopology(ALL_CONTRACTS, {
      subscribers: options.subscribers ?? ['feedback-service'],
      retryDelaysMs: options.retryDelaysMs,
    });
  } finally {
    await broker.close();
  }
}
