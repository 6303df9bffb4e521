// The one connection of a service to RabbitMQ: publishing (through its ConfirmedPublisher),
// consumers, reconnection and graceful shutdown. amqplib's recovery reconnects the connection with
// backoff; the publisher and the consumers re-open their channels on top of it by themselves.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { MessageContract, MessageOf } from '@persona-lab/contracts';
import amqp, { type Channel, type RecoveringChannelModel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';

import { Consumer } from './consumer.js';
import { encode, type OutgoingMessage } from './envelope.js';
import { describeError, PublishError } from './errors.js';
import type { ConsumeOptions, MessageHandler } from './handler.js';
import { type BrokerHooks, HookSet } from './hooks.js';
import { ConfirmedPublisher } from './publisher.js';
import { SHUTDOWN_STEP_TIMEOUT_MS, withTimeout } from './time.js';
import { describeConsumableQueue, exchangeName, publishAddress } from './topology.js';

export interface BrokerOptions {
  /** amqp://user:pass@host:5672/vhost */
  url: string;
  /** Name of the service: shown as the connection name, and the default subscriber of events. */
  service: string;
  logger: FastifyBaseLogger;
  /** Prefix of every exchange and queue name; tests use a random one. */
  namespace?: string;
  /**
   * Delays between attempts of every consumer's messages instead of each contract's (a service's
   * TASK_RETRY_DELAYS_MS; tests use short ones). A consume's own `retry` option still wins.
   */
  retryDelaysMs?: readonly number[];
  /** How long a publish may wait for a connection and the broker's confirm. Default 10 s. */
  publishTimeoutMs?: number;
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  hooks?: BrokerHooks;
}

export interface PublishOptions {
  /** Travels in the `x-request-id` header; defaults to the message's `requestId`, else a new id. */
  requestId?: string;
  /** Defaults to a new UUID. */
  messageId?: string;
}

/** A running consumer. */
export interface Subscription {
  readonly queue: string;
  readonly deadLetterQueue: string;
  isActive(): boolean;
  /** Stops consuming after the messages in hand are finished. */
  cancel(): Promise<void>;
}

type State = 'idle' | 'running' | 'draining' | 'closed';

export class Broker {
  private readonly logger: FastifyBaseLogger;
  private readonly hooks: HookSet;
  private readonly publisher: ConfirmedPublisher;
  private state: State = 'idle';
  private connection: Promise<RecoveringChannelModel> | undefined;
  private connected = false;
  private readonly consumers = new Set<Consumer<MessageContract>>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BrokerOptions) {
    this.logger = options.logger.child({ component: 'broker' });
    this.hooks = new HookSet(this.logger);
    if (options.hooks) this.hooks.add(options.hooks);
    this.publisher = new ConfirmedPublisher({
      connection: () => this.getConnection(),
      isClosed: () => this.state === 'closed',
      logger: this.logger,
      namespace: options.namespace,
      timeoutMs: options.publishTimeoutMs ?? 10_000,
    });
  }

  get service(): string {
    return this.options.service;
  }

  get namespace(): string | undefined {
    return this.options.namespace;
  }

  /** Starts connecting in the background; publish() and consume() also start it. */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    void this.getConnection().catch((err: unknown) => this.logger.error({ err }, 'cannot create the broker connection'));
  }

  /** Connected, and every consumer is consuming. Readiness reports this. */
  isReady(): boolean {
    return this.state === 'running' && this.connected && [...this.consumers].every((consumer) => consumer.isAttached());
  }

  /** Resolves once ready; rejects after `timeoutMs` (start-up scripts and tests). */
  async waitUntilReady(timeoutMs = 10_000): Promise<void> {
    this.start();
    const deadline = Date.now() + timeoutMs;
    while (!this.isReady()) {
      if (Date.now() >= deadline) throw new Error(`broker not ready after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** Attaches more hooks (a metrics plugin registered later); returns the function that detaches them. */
  addHooks(hooks: BrokerHooks): () => void {
    return this.hooks.add(hooks);
  }

  /**
   * Validates the message against its contract (InvalidMessageError), sends it persistent, and
   * resolves once the broker confirmed it. Survives a reconnect within `publishTimeoutMs`
   * (PublishError after that); a message may then arrive twice, so consumers are idempotent.
   */
  async publish<C extends MessageContract>(contract: C, message: MessageOf<C>, options: PublishOptions = {}): Promise<void> {
    this.assertOpen('publish');
    this.start();
    const requestId = options.requestId ?? requestIdIn(message) ?? randomUUID();
    const outgoing = encode(contract, message, { requestId, messageId: options.messageId });
    const { exchange, routingKey } = publishAddress(contract, { namespace: this.options.namespace });
    await this.publisher.publish(exchange, routingKey, outgoing, contract);
    this.hooks.emit('published', { contract: contract.name, exchange, routingKey, requestId });
  }

  /**
   * Consumes the contract's queue (a task's work queue, or this service's subscription queue of an
   * event) with manual acknowledgement; see MessageHandler for what the handler's outcome does.
   */
  consume<C extends MessageContract>(contract: C, handler: MessageHandler<C>, options: ConsumeOptions = {}): Subscription {
    this.assertOpen('consume');
    this.start();
    const consumer = new Consumer(this.consumerHost(), contract, handler, {
      ...options,
      subscriber: options.subscriber ?? this.options.service,
      namespace: this.options.namespace,
      retryDelaysMs: this.options.retryDelaysMs,
    }) as unknown as Consumer<MessageContract>;
    this.consumers.add(consumer);
    consumer.attach();
    return {
      queue: consumer.topology.queue,
      deadLetterQueue: consumer.topology.deadLetterQueue,
      isActive: () => consumer.isAttached(),
      cancel: async () => {
        await consumer.stop();
        this.consumers.delete(consumer);
      },
    };
  }

  /**
   * Deletes the queues (work, retry, dead-letter, subscriptions) and exchanges of these contracts
   * under this broker's namespace: for tests that made a namespace of their own, and for operators
   * retiring one. Queues that do not exist are skipped.
   */
  async deleteTopology(
    contracts: readonly MessageContract[],
    { subscribers = [], retryDelaysMs }: { subscribers?: readonly string[]; retryDelaysMs?: readonly number[] } = {},
  ): Promise<void> {
    const connection = await this.getConnection();
    const namespace = this.options.namespace;
    const drop = async (work: (channel: Channel) => Promise<unknown>) => {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined); // a failed delete closes only this throwaway channel
      await work(channel).catch(() => undefined);
      await channel.close().catch(() => undefined);
    };
    for (const contract of contracts) {
      const owners = contract.kind === 'task' ? [undefined] : subscribers;
      for (const subscriber of owners) {
        const queue = describeConsumableQueue(contract, { namespace, subscriber, retryDelaysMs });
        for (const name of [queue.queue, queue.deadLetterQueue, ...queue.retryQueues.map((retry) => retry.name)]) {
          await drop((channel) => channel.deleteQueue(name));
        }
      }
      if (contract.kind === 'event') await drop((channel) => channel.deleteExchange(exchangeName(contract, { namespace })));
    }
  }

  /**
   * Graceful shutdown: consumers stop taking messages and finish the ones in hand (their handlers may
   * still publish), pending publishes settle, then the connection closes.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.state = 'draining';
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.stop()));
    await this.publisher.settle();
    this.state = 'closed';
    // Whatever opened the connection (start, publish, consume or deleteTopology), close it.
    if (this.connection) {
      const connection = await this.connection.catch(() => undefined);
      if (connection) {
        await withTimeout(connection.close(), SHUTDOWN_STEP_TIMEOUT_MS).catch((err: unknown) =>
          this.logger.warn({ err: describeError(err) }, 'closing the connection failed'),
        );
      }
    }
    this.connected = false;
    this.logger.info('broker closed');
  }

  private assertOpen(action: 'publish' | 'consume'): void {
    // Handlers still finishing during a shutdown may publish; nothing new may start consuming.
    if (this.state === 'closed' || (action === 'consume' && this.state === 'draining')) {
      throw new PublishError(`cannot ${action}: the broker is closed`);
    }
  }

  private consumerHost() {
    return {
      openChannel: async () => (await this.getConnection()).createChannel(),
      sendToQueue: (queue: string, message: OutgoingMessage) => this.publisher.publish('', queue, message),
      logger: this.logger,
      hooks: this.hooks,
    };
  }

  private getConnection(): Promise<RecoveringChannelModel> {
    this.connection ??= this.openConnection();
    return this.connection;
  }

  private async openConnection(): Promise<RecoveringChannelModel> {
    const connection = await amqp.connect(this.options.url, {
      clientProperties: { connection_name: this.options.service },
      recovery: {
        waitForConnect: false,
        initialDelay: this.options.reconnect?.initialDelayMs ?? 100,
        maxDelay: this.options.reconnect?.maxDelayMs ?? 5_000,
      },
    });
    connection.on('connect', () => {
      this.connected = true;
      this.logger.info('connected to RabbitMQ');
      for (const consumer of this.consumers) consumer.reattachNow();
    });
    connection.on('disconnect', (err: Error) => {
      this.connected = false;
      this.publisher.forgetChannel();
      if (this.state === 'running') this.logger.warn({ err: err.message }, 'lost the RabbitMQ connection; reconnecting');
    });
    connection.on('connect-failed', (err: Error) => this.logger.warn({ err: err.message }, 'cannot reach RabbitMQ'));
    connection.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'RabbitMQ connection error'));
    connection.on('blocked', (reason: string) => this.logger.warn({ reason }, 'RabbitMQ blocks publishing'));
    connection.on('unblocked', () => this.logger.info('RabbitMQ unblocked publishing'));
    return connection;
  }
}

function requestIdIn(message: unknown): string | undefined {
  const requestId = (message as { requestId?: unknown } | null)?.requestId;
  return typeof requestId === 'string' && requestId ? requestId : undefined;
}
