// Confirmed publishing for a Broker: one confirm channel per connection, the declarations a target
// needs before its first message, unroutable messages caught by their return, and retries across a
// lost channel or connection until the broker confirms or the deadline passes.
import { setTimeout as sleep } from 'node:timers/promises';

import type { MessageContract } from '@persona-lab/contracts';
import type { Channel, ConfirmChannel, Message, RecoveringChannelModel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';

import type { OutgoingMessage } from './envelope.js';
import { describeError, PublishError } from './errors.js';
import { withTimeout } from './time.js';
import { declarePublishTarget } from './topology.js';

export interface PublisherOptions {
  /** The broker's connection, opened on first use. */
  connection(): Promise<RecoveringChannelModel>;
  /** True once the broker closed: a publish in its retry loop gives up. */
  isClosed(): boolean;
  logger: FastifyBaseLogger;
  namespace?: string;
  /** How long a publish may wait for a connection and the broker's confirm. */
  timeoutMs: number;
}

export class ConfirmedPublisher {
  private channel: Promise<ConfirmChannel> | undefined;
  /** Declarations per channel, shared while in flight: a burst of first publishes declares once. */
  private readonly declaredTargets = new WeakMap<Channel, Map<MessageContract, Promise<void>>>();
  /** Message ids the broker returned as unroutable on each publish channel, until their confirm arrives. */
  private readonly returnedIds = new WeakMap<Channel, Set<string>>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: PublisherOptions) {}

  /**
   * Publishes, retrying across channel and connection loss, until confirmed or out of time
   * (PublishError). With a contract, its target is declared first on each new channel.
   */
  publish(exchange: string, routingKey: string, message: OutgoingMessage, contract?: MessageContract): Promise<void> {
    const publishing = this.publishWithDeadline(exchange, routingKey, message, contract);
    this.pending.add(publishing);
    void publishing.catch(() => undefined).finally(() => this.pending.delete(publishing));
    return publishing;
  }

  /** The connection was lost: the next publish opens a channel on the new one. */
  forgetChannel(): void {
    this.channel = undefined;
  }

  /** Resolves once every publish in flight has been confirmed or has failed. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private getChannel(): Promise<ConfirmChannel> {
    if (this.channel) return this.channel;
    const opening: Promise<ConfirmChannel> = this.options
      .connection()
      .then((connection) => connection.createConfirmChannel())
      .then((channel) => {
        channel.on('error', (err: Error) => this.options.logger.warn({ err: err.message }, 'publish channel error'));
        const returned = new Set<string>();
        this.returnedIds.set(channel, returned);
        // A mandatory message no queue took comes back before its confirm; the confirm alone would say "ok".
        channel.on('return', (message: Message) => returned.add(String(message.properties.messageId)));
        channel.on('close', () => {
          if (this.channel === opening) this.channel = undefined;
        });
        return channel;
      });
    opening.catch(() => {
      if (this.channel === opening) this.channel = undefined;
    });
    this.channel = opening;
    return opening;
  }

  private async declareOnce(channel: ConfirmChannel, contract: MessageContract): Promise<void> {
    let declared = this.declaredTargets.get(channel);
    if (!declared) this.declaredTargets.set(channel, (declared = new Map()));
    let declaring = declared.get(contract);
    if (!declaring) {
      declaring = declarePublishTarget(channel, contract, { namespace: this.options.namespace });
      declared.set(contract, declaring);
      // A failed declaration is tried again by the next publish.
      declaring.catch(() => declared.delete(contract));
    }
    await declaring;
  }

  private async publishWithDeadline(
    exchange: string,
    routingKey: string,
    message: OutgoingMessage,
    contract: MessageContract | undefined,
  ): Promise<void> {
    const { timeoutMs } = this.options;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown = new Error('no attempt made');
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.options.isClosed()) {
        throw new PublishError(
          `${message.options.type ?? 'message'} to ${exchange || routingKey} not confirmed within ${timeoutMs} ms: ${describeError(lastError)}`,
          { cause: lastError },
        );
      }
      try {
        await withTimeout(this.publishOnce(exchange, routingKey, message, contract), remaining);
        return;
      } catch (error) {
        lastError = error;
        this.options.logger.debug({ err: describeError(error), attempt }, 'publish not confirmed; trying again');
        await sleep(Math.min(50 * 2 ** attempt, 1_000, Math.max(0, deadline - Date.now())));
      }
    }
  }

  private async publishOnce(exchange: string, routingKey: string, message: OutgoingMessage, contract?: MessageContract): Promise<void> {
    const channel = await this.getChannel();
    if (contract) await this.declareOnce(channel, contract);
    // Addressed to a queue, a message must reach it; an event may have no subscriber at all.
    const mandatory = exchange === '';
    const returned = this.returnedIds.get(channel);
    await new Promise<void>((resolve, reject) => {
      channel.publish(exchange, routingKey, message.content, { ...message.options, mandatory }, (err: unknown) => {
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else if (returned?.delete(message.options.messageId)) {
          // The queue is gone (deleted by hand?): declare it again on the next try.
          this.declaredTargets.delete(channel);
          reject(new Error(`no queue ${routingKey} took the message`));
        } else resolve();
      });
    });
  }
}
