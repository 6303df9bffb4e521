// Every exchange and queue of the system, derived from the message contracts, declared in one place.
// Each consumable queue (a task's work queue, or a service's subscription to an event) gets:
//   - the queue itself: durable, quorum, dead-lettering to its DLQ after REDELIVERY_LIMIT redeliveries
//     (a consumer crashing on a message is caught by the broker itself, not only by our retries);
//   - one retry queue per distinct delay: a TTL queue whose expired messages go back to the queue
//     (there is no delayed-message plugin);
//   - `<queue>.dlq`, where messages land with the reason and attempt count in their headers.
import type { EventContract, MessageContract, TaskContract } from '@persona-lab/contracts';
import { PersonaStatusChanged } from '@persona-lab/contracts';
import type { Channel } from 'amqplib';

/** Redeliveries (crashes, lost channels) after which the broker itself dead-letters a message. */
export const REDELIVERY_LIMIT = 20;

/** Services that subscribe to each event: their queues exist as soon as anything is published. */
export const EVENT_SUBSCRIBERS: Readonly<Record<string, readonly string[]>> = {
  [PersonaStatusChanged.name]: ['feedback-service'],
};

export interface RetryQueue {
  readonly name: string;
  readonly delayMs: number;
}

export interface ConsumableQueue {
  readonly queue: string;
  readonly deadLetterQueue: string;
  readonly retryQueues: readonly RetryQueue[];
  /** For an event subscription: the exchange and routing key the queue is bound to. */
  readonly binding?: { readonly exchange: string; readonly routingKey: string };
}

export interface NameOptions {
  /** Prefix of every name (`test-x1y2.persona.generation.queue`), so test runs never share a queue. */
  namespace?: string;
}

export function qualify(name: string, { namespace }: NameOptions = {}): string {
  return namespace ? `${namespace}.${name}` : name;
}

export function exchangeName(contract: EventContract, options: NameOptions = {}): string {
  return qualify(contract.exchange, options);
}

export function subscriptionQueueName(contract: EventContract, subscriber: string, options: NameOptions = {}): string {
  return qualify(`${subscriber}.${contract.routingKey}.queue`, options);
}

/** Retry queues are named by their delay so that changing a delay never collides with a live queue. */
export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}ms`;
}

export function deadLetterQueueName(queue: string): string {
  return `${queue}.dlq`;
}

export function describeConsumableQueue(
  contract: MessageContract,
  options: NameOptions & { subscriber?: string; retryDelaysMs?: readonly number[] } = {},
): ConsumableQueue {
  const delays = [...new Set(options.retryDelaysMs ?? contract.retry.delaysMs)];
  if (contract.kind === 'task') {
    const queue = qualify(contract.queue, options);
    return {
      queue,
      deadLetterQueue: deadLetterQueueName(queue),
      retryQueues: delays.map((delayMs) => ({ name: retryQueueName(queue, delayMs), delayMs })),
    };
  }
  if (!options.subscriber) throw new Error(`Consuming the event ${contract.name} needs a subscriber name`);
  const queue = subscriptionQueueName(contract, options.subscriber, options);
  return {
    queue,
    deadLetterQueue: deadLetterQueueName(queue),
    retryQueues: delays.map((delayMs) => ({ name: retryQueueName(queue, delayMs), delayMs })),
    binding: { exchange: exchangeName(contract, options), routingKey: contract.routingKey },
  };
}

const QUORUM = { 'x-queue-type': 'quorum' } as const;
// Dead-lettering out of a quorum queue is at-most-once unless both of these are set.
const SAFE_DEAD_LETTERING = { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } as const;

function deadLetterTo(queue: string): Record<string, string> {
  return { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue };
}

async function declareEventExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

/**
 * Declares the queue, its DLQ and (for a subscription) its exchange and binding: what must exist
 * before anything is published to it. Arguments here must never depend on retry delays, because
 * publishers and consumers declare the same queue and RabbitMQ refuses differing arguments.
 */
async function declareQueueAndDeadLetters(channel: Channel, queue: ConsumableQueue): Promise<void> {
  await channel.assertQueue(queue.deadLetterQueue, { durable: true, arguments: QUORUM });
  await channel.assertQueue(queue.queue, {
    durable: true,
    arguments: {
      ...QUORUM,
      ...SAFE_DEAD_LETTERING,
      ...deadLetterTo(queue.deadLetterQueue),
      'x-delivery-limit': REDELIVERY_LIMIT,
    },
  });
  if (queue.binding) {
    await declareEventExchange(channel, queue.binding.exchange);
    await channel.bindQueue(queue.queue, queue.binding.exchange, queue.binding.routingKey);
  }
}

/** What a consumer needs: the queue with its DLQ and binding, plus its retry queues. */
export async function declareConsumableQueue(channel: Channel, queue: ConsumableQueue): Promise<void> {
  await declareQueueAndDeadLetters(channel, queue);
  for (const retry of queue.retryQueues) {
    await channel.assertQueue(retry.name, {
      durable: true,
      arguments: { ...QUORUM, ...SAFE_DEAD_LETTERING, ...deadLetterTo(queue.queue), 'x-message-ttl': retry.delayMs },
    });
  }
}

/**
 * What a publisher needs so that no message is dropped as unroutable: a task's work queue, or an
 * event's exchange with the queues of its known subscribers (an event published before a subscriber
 * first starts then still reaches it).
 */
export async function declarePublishTarget(channel: Channel, contract: MessageContract, options: NameOptions): Promise<void> {
  if (contract.kind === 'task') {
    await declareQueueAndDeadLetters(channel, describeConsumableQueue(contract, options));
    return;
  }
  await declareEventExchange(channel, exchangeName(contract, options));
  for (const subscriber of EVENT_SUBSCRIBERS[contract.name] ?? []) {
    await declareQueueAndDeadLetters(channel, describeConsumableQueue(contract, { ...options, subscriber }));
  }
}

/** Where a publish of this contract goes: exchange ('' is the default exchange) and routing key. */
export function publishAddress(contract: TaskContract | EventContract, options: NameOptions): { exchange: string; routingKey: string } {
  return contract.kind === 'task'
    ? { exchange: '', routingKey: qualify(contract.queue, options) }
    : { exchange: exchangeName(contract, options), routingKey: contract.routingKey };
}
