// A raw amqplib connection for tests only: inject messages the Broker would refuse, read queues,
// and delete a test's whole topology afterwards.
import { randomUUID } from 'node:crypto';

import type { MessageContract } from '@persona-lab/contracts';
import { waitFor } from '@persona-lab/testing';
import amqp, { type ChannelModel, type GetMessage, type Options } from 'amqplib';

import { describeConsumableQueue, exchangeName } from '../../src/index.js';

export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export function testNamespace(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

export interface RawRabbit {
  /** Sends bytes straight to a queue, bypassing every check of the Broker. */
  inject(queue: string, content: string, options?: Options.Publish): Promise<void>;
  /** Takes one message off a queue (acknowledged), or waits for one. */
  take(queue: string, timeoutMs?: number): Promise<GetMessage>;
  /** Ready messages in a queue; undefined when the queue does not exist. */
  depth(queue: string): Promise<number | undefined>;
  /** Deletes every queue and exchange these contracts have under the namespace. */
  deleteTopology(namespace: string, topology: TopologyToDelete): Promise<void>;
  close(): Promise<void>;
}

export interface TopologyToDelete {
  contracts: readonly MessageContract[];
  subscribers?: readonly string[];
  retryDelaysMs?: readonly number[];
}

export async function connectRaw(): Promise<RawRabbit> {
  const connection: ChannelModel = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createConfirmChannel();

  // A failed passive declare closes its channel, so each probe gets a throwaway one.
  async function withChannel<T>(work: (ch: amqp.Channel) => Promise<T>): Promise<T | undefined> {
    const ch = await connection.createChannel();
    ch.on('error', () => undefined);
    try {
      return await work(ch);
    } catch {
      return undefined;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  return {
    async inject(queue, content, options = {}) {
      channel.sendToQueue(queue, Buffer.from(content), { persistent: true, ...options });
      await channel.waitForConfirms();
    },
    async take(queue, timeoutMs = 10_000) {
      return waitFor(`a message in ${queue}`, () => channel.get(queue, { noAck: true }), { timeoutMs });
    },
    async depth(queue) {
      return withChannel(async (ch) => (await ch.checkQueue(queue)).messageCount);
    },
    async deleteTopology(namespace, { contracts, subscribers = [], retryDelaysMs }) {
      for (const contract of contracts) {
        const owners = contract.kind === 'task' ? [undefined] : subscribers;
        for (const subscriber of owners) {
          const queue = describeConsumableQueue(contract, { namespace, subscriber, retryDelaysMs });
          for (const name of [queue.queue, queue.deadLetterQueue, ...queue.retryQueues.map((retry) => retry.name)]) {
            await withChannel((ch) => ch.deleteQueue(name));
          }
        }
        if (contract.kind === 'event') await withChannel((ch) => ch.deleteExchange(exchangeName(contract, { namespace })));
      }
    },
    async close() {
      await connection.close();
    },
  };
}
