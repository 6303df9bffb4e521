// Removing a whole namespace (its work, retry and dead-letter queues, subscriptions and exchange):
// what a test or benchmark that made a namespace of its own does at the end.
import { FeedbackGenerationTask, PersonaGenerationTask, PersonaStatusChanged } from '@persona-lab/contracts';
import pino from 'pino';

import { Broker } from './broker.js';

export const ALL_CONTRACTS = [PersonaGenerationTask, FeedbackGenerationTask, PersonaStatusChanged] as const;

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
