// Watches the connections and channels a Broker opens, through a spy on amqplib's connect (the seam
// between the Broker and the wire), so a test can break exactly its own connection or channel.
import type { Socket } from 'node:net';

import amqp, { type Channel, type ChannelModel, type ChannelOptions, type RecoveringChannelModel } from 'amqplib';
import { vi } from 'vitest';

export interface ConnectionWatch {
  /** Every underlying connection, in order: a second one means the Broker reconnected. */
  readonly connections: ChannelModel[];
  /** Every plain (consumer) channel, in order of opening. */
  readonly consumerChannels: Channel[];
  /** Kills the TCP socket of the current connection, as a network failure would. */
  destroyCurrentSocket(): void;
  restore(): void;
}

export function watchConnections(): ConnectionWatch {
  const connections: ChannelModel[] = [];
  const consumerChannels: Channel[] = [];
  const connect = amqp.connect.bind(amqp) as (url: string, options: object) => Promise<RecoveringChannelModel>;
  const spy = vi.spyOn(amqp, 'connect').mockImplementation((async (url: string, options?: object) => {
    // Only the Broker's recovering connection is watched, not a test's raw one.
    if (!options || !('recovery' in options)) return connect(url, options ?? {});
    const recovering = await connect(url, options);
    recovering.on('connect', (model: ChannelModel) => connections.push(model));
    const createChannel = recovering.createChannel.bind(recovering);
    recovering.createChannel = async (channelOptions?: ChannelOptions) => {
      const channel = await createChannel(channelOptions);
      consumerChannels.push(channel);
      return channel;
    };
    return recovering;
  }) as unknown as typeof amqp.connect);

  return {
    connections,
    consumerChannels,
    destroyCurrentSocket() {
      const current = connections.at(-1);
      if (!current) throw new Error('no connection to break');
      (current.connection as unknown as { stream: Socket }).stream.destroy(new Error('simulated network failure'));
    },
    restore: () => spy.mockRestore(),
  };
}
