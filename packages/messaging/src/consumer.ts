// One consumer of one queue on its own channel: validates each delivery, runs the handler, and then
// acknowledges it, retries it through a retry queue, or dead-letters it. Re-attaches by itself when
// its channel is lost, and on stop lets the messages in hand finish before closing.
import { performance } from 'node:perf_hooks';

import type { MessageContract, RetryPolicy } from '@persona-lab/contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';

import { attemptOf, deadLetterHeaders, decode, type OutgoingMessage, republished, requestIdOf, retryHeaders } from './envelope.js';
import { describeError, isPermanent, RetryLaterError } from './errors.js';
import type { ConsumeOptions, MessageHandler } from './handler.js';
import type { DeadLetterCause, HookSet, MessageEvent } from './hooks.js';
import { SHUTDOWN_STEP_TIMEOUT_MS, withTimeout } from './time.js';
import { type ConsumableQueue, declareConsumableQueue, describeConsumableQueue, retryQueueName } from './topology.js';

/** What a consumer needs from the broker that owns it. */
export interface ConsumerHost {
  openChannel(): Promise<Channel>;
  /** Publishes to a queue through the default exchange; resolves when the broker confirmed it. */
  sendToQueue(queue: string, message: OutgoingMessage): Promise<void>;
  readonly logger: FastifyBaseLogger;
  readonly hooks: HookSet;
}

const DEFAULT_PREFETCH = 10;
const FIRST_REATTACH_DELAY_MS = 100;
const MAX_REATTACH_DELAY_MS = 5_000;

export class Consumer<C extends MessageContract> {
  readonly topology: ConsumableQueue;
  private readonly retry: RetryPolicy;
  private readonly prefetch: number;
  private readonly log: FastifyBaseLogger;

  private status: 'detached' | 'attaching' | 'attached' = 'detached';
  private stopRequested = false;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private attaching: Promise<void> | undefined;
  private reattachTimer: NodeJS.Timeout | undefined;
  private reattachDelayMs = FIRST_REATTACH_DELAY_MS;
  private readonly closedChannels = new WeakSet<Channel>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly host: ConsumerHost,
    private readonly contract: C,
    private readonly handler: MessageHandler<C>,
    options: ConsumeOptions & { namespace?: string; retryDelaysMs?: readonly number[] },
  ) {
    // The contract's policy, the broker's delays (TASK_RETRY_DELAYS_MS), then this consume's own override.
    this.retry = { ...contract.retry, ...(options.retryDelaysMs ? { delaysMs: options.retryDelaysMs } : {}), ...options.retry };
    this.prefetch = options.prefetch ?? DEFAULT_PREFETCH;
    if (!Number.isInteger(this.prefetch) || this.prefetch < 1) throw new RangeError('prefetch must be a positive integer');
    if (this.retry.maxAttempts < 1 || (this.retry.maxAttempts > 1 && this.retry.delaysMs.length === 0)) {
      throw new RangeError(`retry policy of ${contract.name} needs maxAttempts >= 1 and a delay per retry`);
    }
    this.topology = describeConsumableQueue(contract, {
      namespace: options.namespace,
      subscriber: options.subscriber,
      retryDelaysMs: this.retry.delaysMs,
    });
    this.log = host.logger.child({ queue: this.topology.queue, contract: contract.name });
  }

  isAttached(): boolean {
    return this.status === 'attached';
  }

  /** Starts consuming now if it is not already (also the fast path after a reconnect). */
  attach(): void {
    if (this.stopRequested || this.status !== 'detached') return;
    clearTimeout(this.reattachTimer);
    this.reattachTimer = undefined;
    this.status = 'attaching';
    this.attaching = this.openAndConsume().then(
      () => {
        this.status = 'attached';
        this.reattachDelayMs = FIRST_REATTACH_DELAY_MS;
        this.log.info({ prefetch: this.prefetch }, 'consuming');
      },
      (err: unknown) => {
        this.status = 'detached';
        this.channel = undefined;
        if (this.stopRequested) return;
        this.log.warn({ err: describeError(err), retryInMs: this.reattachDelayMs }, 'could not start consuming');
        this.scheduleReattach();
      },
    );
  }

  /** Stops taking messages, waits for the ones in hand, then closes the channel. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    clearTimeout(this.reattachTimer);
    await this.attaching;
    const { channel, consumerTag } = this;
    if (channel && consumerTag && !this.closedChannels.has(channel)) {
      await withTimeout(channel.cancel(consumerTag), SHUTDOWN_STEP_TIMEOUT_MS).catch((err: unknown) =>
        this.log.warn({ err: describeError(err) }, 'could not cancel the consumer'),
      );
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (channel && !this.closedChannels.has(channel)) {
      await withTimeout(channel.close(), SHUTDOWN_STEP_TIMEOUT_MS).catch(() => undefined);
    }
    this.status = 'detached';
    this.channel = undefined;
  }

  private async openAndConsume(): Promise<void> {
    const channel = await this.host.openChannel();
    channel.on('error', (err: Error) => this.log.warn({ err: err.message }, 'consumer channel error'));
    channel.on('close', () => this.onChannelClosed(channel));
    this.channel = channel;
    const stillUsable = () => {
      if (this.stopRequested) throw new Error('consumer stopped while attaching');
      if (this.closedChannels.has(channel)) throw new Error('channel closed while attaching');
    };
    try {
      stillUsable();
      await declareConsumableQueue(channel, this.topology);
      await channel.prefetch(this.prefetch);
      stillUsable();
      const { consumerTag } = await channel.consume(this.topology.queue, (delivery) => this.onDelivery(channel, delivery), {
        noAck: false,
      });
      this.consumerTag = consumerTag;
      // From here a stop() cancels this consumer properly, so only a lost channel counts as failure.
      if (this.closedChannels.has(channel)) throw new Error('channel closed while attaching');
    } catch (error) {
      if (!this.closedChannels.has(channel)) await channel.close().catch(() => undefined);
      throw error;
    }
  }

  private onChannelClosed(channel: Channel): void {
    this.closedChannels.add(channel);
    // While attaching, the failed attach itself schedules the next try.
    if (this.channel !== channel || this.status !== 'attached') return;
    this.status = 'detached';
    this.channel = undefined;
    this.consumerTag = undefined;
    if (this.stopRequested) return;
    this.log.warn('consumer channel closed; unacknowledged messages return to the queue; re-attaching');
    this.scheduleReattach();
  }

  private scheduleReattach(): void {
    if (this.stopRequested || this.reattachTimer) return;
    const delay = this.reattachDelayMs;
    this.reattachDelayMs = Math.min(this.reattachDelayMs * 2, MAX_REATTACH_DELAY_MS);
    this.reattachTimer = setTimeout(() => {
      this.reattachTimer = undefined;
      this.attach();
    }, delay);
  }

  /** After the connection came back: try at once instead of waiting for the backoff timer. */
  reattachNow(): void {
    if (this.status !== 'detached') return;
    this.reattachDelayMs = FIRST_REATTACH_DELAY_MS;
    this.attach();
  }

  private onDelivery(channel: Channel, delivery: ConsumeMessage | null): void {
    if (delivery === null) {
      // The broker cancelled us (the queue was deleted): closing the channel re-attaches and redeclares.
      this.log.warn('consumer cancelled by the broker');
      void channel.close().catch(() => undefined);
      return;
    }
    if (this.stopRequested) {
      // Arrived while stopping: give it back for another consumer instead of starting work.
      this.settle(channel, delivery, 'requeue');
      return;
    }
    const task = this.process(channel, delivery).catch((err: unknown) => {
      this.log.error({ err }, 'message handling failed unexpectedly; the broker will redeliver it');
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private async process(channel: Channel, delivery: ConsumeMessage): Promise<void> {
    const attempt = attemptOf(delivery);
    const decoded = decode(this.contract, delivery);
    const messageId =
      typeof delivery.properties.messageId === 'string' ? delivery.properties.messageId : `tag-${delivery.fields.deliveryTag}`;
    const requestId = requestIdOf(delivery, decoded.ok ? (decoded.message as { requestId?: unknown }) : undefined);
    const log = this.log.child({ requestId, messageId, attempt });
    const event: MessageEvent = { contract: this.contract.name, queue: this.topology.queue, attempt, requestId };

    if (!decoded.ok) {
      log.error({ reason: decoded.reason }, 'invalid message; dead-lettering it');
      await this.deadLetter(channel, delivery, event, 'invalid', decoded.reason, log);
      return;
    }

    const started = performance.now();
    try {
      await this.handler(decoded.message, {
        requestId: requestId ?? messageId,
        messageId,
        attempt,
        maxAttempts: this.retry.maxAttempts,
        lastAttempt: attempt >= this.retry.maxAttempts,
        redelivered: delivery.fields.redelivered,
        log,
      });
    } catch (error) {
      await this.onHandlerFailed(channel, delivery, event, error, log);
      return;
    }
    if (this.settle(channel, delivery, 'ack', log)) {
      this.host.hooks.emit('consumed', { ...event, durationMs: performance.now() - started });
    }
  }

  private async onHandlerFailed(
    channel: Channel,
    delivery: ConsumeMessage,
    event: MessageEvent,
    error: unknown,
    log: FastifyBaseLogger,
  ): Promise<void> {
    const message = describeError(error);
    if (isPermanent(error)) {
      log.error({ err: error }, 'handler failed permanently; dead-lettering the message');
      await this.deadLetter(channel, delivery, event, 'permanent', message, log);
      return;
    }
    if (event.attempt >= this.retry.maxAttempts) {
      log.error({ err: error }, 'handler failed on the last attempt; dead-lettering the message');
      await this.deadLetter(channel, delivery, event, 'exhausted', `failed ${event.attempt} attempts; last error: ${message}`, log);
      return;
    }
    const delays = this.retry.delaysMs;
    const delayMs = delays[Math.min(event.attempt - 1, delays.length - 1)] ?? 0;
    if (error instanceof RetryLaterError) log.warn({ reason: message, delayMs, nextAttempt: event.attempt + 1 }, 'retrying later');
    else log.warn({ err: error, delayMs, nextAttempt: event.attempt + 1 }, 'handler failed; retrying later');
    const retryQueue = retryQueueName(this.topology.queue, delayMs);
    if (await this.forward(channel, delivery, retryQueue, republished(delivery, retryHeaders(event.attempt + 1, message)), log)) {
      this.host.hooks.emit('retried', { ...event, delayMs, error: message });
    }
  }

  private async deadLetter(
    channel: Channel,
    delivery: ConsumeMessage,
    event: MessageEvent,
    cause: DeadLetterCause,
    reason: string,
    log: FastifyBaseLogger,
  ): Promise<void> {
    const headers = deadLetterHeaders({ reason, cause, attempts: event.attempt, queue: this.topology.queue });
    if (await this.forward(channel, delivery, this.topology.deadLetterQueue, republished(delivery, headers), log)) {
      this.host.hooks.emit('deadLettered', { ...event, cause, reason });
    }
  }

  /** Moves the delivery to another queue: the copy is confirmed before the original is acknowledged. */
  private async forward(
    channel: Channel,
    delivery: ConsumeMessage,
    queue: string,
    message: OutgoingMessage,
    log: FastifyBaseLogger,
  ): Promise<boolean> {
    try {
      await this.host.sendToQueue(queue, message);
    } catch (err) {
      log.error({ err: describeError(err), queue }, 'could not move the message; returning it to the queue');
      this.settle(channel, delivery, 'requeue', log);
      return false;
    }
    return this.settle(channel, delivery, 'ack', log);
  }

  /** Acknowledges or requeues on the delivery's own channel; false when that channel is gone. */
  private settle(channel: Channel, delivery: ConsumeMessage, how: 'ack' | 'requeue', log = this.log): boolean {
    if (this.closedChannels.has(channel)) {
      log.warn('channel lost before settling the message; the broker redelivers it');
      return false;
    }
    try {
      if (how === 'ack') channel.ack(delivery);
      else channel.nack(delivery, false, true);
      return true;
    } catch (err) {
      log.warn({ err: describeError(err) }, 'could not settle the message; the broker redelivers it');
      return false;
    }
  }
}
