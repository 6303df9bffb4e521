// Prometheus counters of what the broker does, in the app's registry: messages published,
// consumed (with handling time), retried and dead-lettered, by contract and queue.
import { Counter, Histogram, type Registry } from 'prom-client';

import type { Broker } from './broker.js';

export function attachBrokerMetrics(broker: Broker, registry: Registry): () => void {
  const registers = [registry];
  const published = new Counter({
    name: 'messages_published_total',
    help: 'Messages confirmed by the broker',
    labelNames: ['contract'],
    registers,
  });
  const consumed = new Histogram({
    name: 'message_handling_seconds',
    help: 'Handling time of messages consumed and acknowledged',
    labelNames: ['contract', 'queue'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const retried = new Counter({
    name: 'messages_retried_total',
    help: 'Messages sent to a retry queue',
    labelNames: ['contract', 'queue'],
    registers,
  });
  const deadLettered = new Counter({
    name: 'messages_dead_lettered_total',
    help: 'Messages sent to a dead-letter queue',
    labelNames: ['contract', 'queue', 'cause'],
    registers,
  });
  return broker.addHooks({
    published: (e) => published.inc({ contract: e.contract }),
    consumed: (e) => consumed.observe({ contract: e.contract, queue: e.queue }, e.durationMs / 1000),
    retried: (e) => retried.inc({ contract: e.contract, queue: e.queue }),
    deadLettered: (e) => deadLettered.inc({ contract: e.contract, queue: e.queue, cause: e.cause }),
  });
}
