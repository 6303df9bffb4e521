// Gives a Fastify service its broker: `app.broker`, a 'broker' readiness check, and a graceful close.
// Register it after the database plugin: onClose hooks run in reverse order, so the broker then
// drains its handlers while the database is still open.
import type { ReadinessCheck } from '@persona-lab/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import { Broker, type BrokerOptions } from './broker.js';
import { attachBrokerMetrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    broker: Broker;
  }
}

/** The broker's options; the logger defaults to the app's. */
export type BrokerPluginOptions = Omit<BrokerOptions, 'logger'> & { logger?: BrokerOptions['logger'] };

async function broker(app: FastifyInstance, options: BrokerPluginOptions): Promise<void> {
  const instance = new Broker({ ...options, logger: options.logger ?? app.log });
  // Connects in the background: a service starts while RabbitMQ is down, and readiness says so.
  instance.start();
  app.decorate('broker', instance);
  // Counters in the app's /metrics when the kit's metrics plugin is there.
  if (app.hasDecorator('metrics')) attachBrokerMetrics(instance, app.metrics);
  const brokerReady: ReadinessCheck = async () => instance.isReady();
  app.addReadinessCheck('broker', brokerReady);
  app.addHook('onClose', async () => {
    await instance.close();
  });
}

export const brokerPlugin = fp(broker, { name: 'persona-lab-broker', fastify: '5.x', dependencies: ['persona-lab-health'] });
