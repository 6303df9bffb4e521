// Operator access to the dead-letter queues: read what lies in `<queue>.dlq` without taking it away,
// and send chosen dead letters back to their queue once the cause is fixed.
//
// Reading holds each message unacknowledged (basic.get, no auto-ack) until the end and then gives them
// all back with basic.nack(requeue): a quorum queue puts them back in their order, and if this process
// dies the broker returns them by itself. A requeue publishes a copy to the work queue, waits for the
// broker's confirm, and only then acknowledges the dead letter: a crash in between leaves a duplicate
// (at least once), never a loss. While one operator holds messages, another sees only the rest.
import type { MessageContract } from '@persona-lab/contracts';
import type { Channel, ChannelModel, ConfirmChannel, GetMessage, Message } from 'amqplib';
import amqp from 'amqplib';

import { type DeadLetter, describeDeadLetter, messageIdOf, requeuedMessage } from './dead-letter-message.js';
import type { OutgoingMessage } from './envelope.js';
import { describeError } from './errors.js';
import { ALL_CONTRACTS } from './namespace.js';
import { describeConsumableQueue, EVENT_SUBSCRIBERS } from './topology.js';

export interface DeadLetterQueueOptions {
  /** amqp://user:pass@host:5672/vhost */
  url: string;
  /** The services' BROKER_NAMESPACE, if any. */
  namespace?: string;
  /** The queue as the contracts name it (`feedback.generation.queue`), or a task contract's name. */
  queue: string;
}

export interface DeadLetterListing {
  queue: string;
  deadLetterQueue: string;
  /** Ready messages in the DLQ when the listing started. */
  ready: number;
  /** In queue order, at most `limit`. */
  deadLetters: DeadLetter[];
}

export interface RequeueResult {
  queue: string;
  deadLetterQueue: string;
  requeued: DeadLetter[];
  /** Requested ids no dead letter carried (or another client held just then). */
  notFound: string[];
}

/** A name that is not one of the queues the contracts define. */
export class UnknownQueueError extends Error {
  override readonly name = 'UnknownQueueError';
  constructor(queue: string) {
    super(
      `unknown queue "${queue}"; dead letters are kept for: ${knownQueues()
        .map((known) => known.queue)
        .join(', ')}`,
    );
  }
}

/** The queue is defined, but does not exist on the broker (in this namespace). */
export class QueueNotFoundError extends Error {
  override readonly name = 'QueueNotFoundError';
  constructor(readonly queue: string) {
    super(`queue ${queue} does not exist on the broker; no service has declared it in this namespace yet`);
  }
}

/** RabbitMQ could not be reached, refused us, or failed mid-way. Nothing acknowledged was lost. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
}

interface KnownQueue {
  /** Unqualified, as the contracts name it. */
  queue: string;
  contract: MessageContract;
  subscriber?: string;
}

/** Every queue that has a DLQ: each task's work queue and each known subscription to an event. */
export function knownQueues(): KnownQueue[] {
  return ALL_CONTRACTS.flatMap((contract): KnownQueue[] =>
    contract.kind === 'task'
      ? [{ queue: contract.queue, contract }]
      : (EVENT_SUBSCRIBERS[contract.name] ?? []).map((subscriber) => ({
          queue: describeConsumableQueue(contract, { subscriber }).queue,
          contract,
          subscriber,
        })),
  );
}

/** The qualified queue and DLQ of a queue name or task contract name (a trailing `.dlq` is allowed). */
export function resolveDeadLetterQueue(name: string, options: { namespace?: string } = {}): { queue: string; deadLetterQueue: string } {
  const wanted = name.endsWith('.dlq') ? name.slice(0, -'.dlq'.length) : name;
  const known = knownQueues().find((entry) => entry.queue === wanted || (entry.contract.kind === 'task' && entry.contract.name === wanted));
  if (!known) throw new UnknownQueueError(name);
  const { queue, deadLetterQueue } = describeConsumableQueue(known.contract, {
    namespace: options.namespace,
    subscriber: known.subscriber,
  });
  return { queue, deadLetterQueue };
}

/** Lists up to `limit` dead letters in queue order and leaves every one of them in the DLQ. */
export async function listDeadLetters(options: DeadLetterQueueOptions & { limit?: number }): Promise<DeadLetterListing> {
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  const names = resolveDeadLetterQueue(options.queue, options);
  return withConnection(options.url, async (connection) => {
    const ready = await readyCount(connection, names.deadLetterQueue);
    const channel = await openChannel(connection);
    const held = await hold(channel, names.deadLetterQueue, limit);
    // nack, not reject: RabbitMQ 4.3+ counts a reject as a failed delivery towards a delivery limit.
    channel.nackAll(true);
    await channel.close();
    return { ...names, ready, deadLetters: held.map(describeDeadLetter) };
  });
}

/**
 * Sends the chosen dead letters (every one, or those whose message id is listed) back to their queue
 * with the attempt count reset to 1 and `x-requeues` counting operator requeues; each is removed
 * from the DLQ only after the broker confirmed its copy. Looks at the messages ready when it starts,
 * so a dead letter that fails again at once is not picked up a second time.
 */
export async function requeueDeadLetters(
  options: DeadLetterQueueOptions & { select: 'all' | { ids: readonly string[] } },
): Promise<RequeueResult> {
  const names = resolveDeadLetterQueue(options.queue, options);
  const wanted = options.select === 'all' ? undefined : new Set(options.select.ids);
  if (wanted?.size === 0) throw new RangeError('no message id given');
  return withConnection(options.url, async (connection) => {
    await readyCount(connection, names.queue);
    const ready = await readyCount(connection, names.deadLetterQueue);
    const channel = await openChannel(connection);
    const publisher = await openPublisher(connection);
    const requeued: DeadLetter[] = [];
    let batch: GetMessage[] = [];
    const flush = async () => {
      requeued.push(...(await moveBatch(channel, publisher, names.queue, batch)));
      batch = [];
    };
    for (let seen = 0; seen < ready; seen += 1) {
      const message = await channel.get(names.deadLetterQueue, { noAck: false });
      if (!message) break;
      // Not chosen: held until the end, so the next get moves on, then given back in order.
      if (wanted && !wanted.has(messageIdOf(message) ?? '')) continue;
      batch.push(message);
      if (batch.length >= MOVE_BATCH) await flush();
    }
    await flush();
    channel.nackAll(true);
    await channel.close();
    await publisher.close();
    const found = new Set(requeued.map((letter) => letter.messageId));
    return { ...names, requeued, notFound: wanted ? [...wanted].filter((id) => !found.has(id)) : [] };
  });
}

const MOVE_BATCH = 100;
const CONNECT_TIMEOUT_MS = 10_000;

/** Publishes the batch, then acknowledges in the DLQ exactly the messages whose copy was confirmed. */
async function moveBatch(channel: Channel, publisher: Publisher, queue: string, batch: GetMessage[]): Promise<DeadLetter[]> {
  const outcomes = await Promise.allSettled(batch.map((message) => publisher.send(queue, requeuedMessage(message))));
  const moved: DeadLetter[] = [];
  let failure: unknown;
  outcomes.forEach((outcome, index) => {
    const message = batch[index] as GetMessage;
    if (outcome.status === 'fulfilled') {
      channel.ack(message);
      moved.push(describeDeadLetter(message));
    } else failure ??= outcome.reason;
  });
  if (failure !== undefined) {
    // Unacknowledged dead letters go back to the DLQ when the connection closes.
    throw new BrokerUnavailableError(`requeue to ${queue} not confirmed (${moved.length} of this batch moved): ${describeError(failure)}`, {
      cause: failure,
    });
  }
  return moved;
}

interface Publisher {
  send(queue: string, message: OutgoingMessage): Promise<void>;
  close(): Promise<void>;
}

/** A confirm channel whose publishes must reach their queue: a returned (unroutable) one fails. */
async function openPublisher(connection: ChannelModel): Promise<Publisher> {
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  channel.on('error', () => undefined); // the pending publishes reject with the reason
  const returned = new Set<string>();
  channel.on('return', (message: Message) => returned.add(String(message.properties.messageId)));
  return {
    send: (queue, message) =>
      new Promise<void>((resolve, reject) => {
        channel.sendToQueue(queue, message.content, { ...message.options, mandatory: true }, (err: unknown) => {
          if (err) reject(err instanceof Error ? err : new Error(`the broker refused the message (${String(err)})`));
          else if (returned.delete(message.options.messageId)) reject(new Error(`no queue ${queue} took the message`));
          else resolve();
        });
      }),
    close: () => channel.close(),
  };
}

async function withConnection<T>(url: string, work: (connection: ChannelModel) => Promise<T>): Promise<T> {
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(url, { timeout: CONNECT_TIMEOUT_MS, clientProperties: { connection_name: 'dead-letters (operator)' } });
  } catch (error) {
    throw new BrokerUnavailableError(`cannot connect to RabbitMQ: ${describeError(error)}`, { cause: error });
  }
  connection.on('error', () => undefined); // surfaces as the failure of whatever was in progress
  try {
    return await work(connection);
  } catch (error) {
    if (error instanceof QueueNotFoundError || error instanceof BrokerUnavailableError) throw error;
    throw new BrokerUnavailableError(`RabbitMQ failed the operation: ${describeError(error)}`, { cause: error });
  } finally {
    // Whatever is still unacknowledged (after a failure) returns to the DLQ with the connection.
    await connection.close().catch(() => undefined);
  }
}

async function openChannel(connection: ChannelModel): Promise<Channel> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined); // the operation in progress rejects with the reason
  return channel;
}

/** Ready messages in a queue; QueueNotFoundError when it does not exist (probed on its own channel). */
async function readyCount(connection: ChannelModel, queue: string): Promise<number> {
  const channel = await openChannel(connection);
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) throw new QueueNotFoundError(queue);
    throw error;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

async function hold(channel: Channel, queue: string, limit: number): Promise<GetMessage[]> {
  const held: GetMessage[] = [];
  while (held.length < limit) {
    const message = await channel.get(queue, { noAck: false });
    if (!message) break;
    held.push(message);
  }
  return held;
}
