import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

import { PersonaGenerationTask } from '@persona-lab/contracts';
import { createApp } from '@persona-lab/service-kit';
import { waitFor } from '@persona-lab/testing';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Broker, brokerPlugin } from '../src/index.js';
import { createMessagingFixture, type MessagingFixture } from './helpers/fixture.js';
import { RABBITMQ_URL } from './helpers/rabbit.js';

let world: MessagingFixture;
beforeEach(async () => {
  world = await createMessagingFixture();
});
afterEach(() => world.cleanup());

/** A local port nobody listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('brokerPlugin', () => {
  it('decorates the app with a broker that readiness reports up, and closes it with the app', async () => {
    const app = await createApp({ service: 'messaging-test', logLevel: 'silent' });
    await app.register(brokerPlugin, { url: RABBITMQ_URL, service: 'feedback-service', namespace: world.namespace });
    await app.ready();

    await waitFor('readiness with the broker up', async () => (await app.inject({ url: '/health/ready' })).statusCode === 200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.json()).toEqual({ status: 'ok', checks: { broker: 'up' } });
    expect(app.broker).toBeInstanceOf(Broker);

    await app.close();
    const task = { personaId: randomUUID(), userId: randomUUID(), variantNumber: 0 };
    await expect(app.broker.publish(PersonaGenerationTask, task)).rejects.toThrow('the broker is closed');
  });

  it('reports the broker down while RabbitMQ is unreachable', async () => {
    const app = await createApp({ service: 'messaging-test', logLevel: 'silent' });
    const url = `amqp://guest:guest@127.0.0.1:${await closedPort()}`;
    await app.register(brokerPlugin, { url, service: 'feedback-service', namespace: world.namespace });
    await app.ready();

    const res = await app.inject({ url: '/health/ready' });

    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', checks: { broker: 'down' } });
    await app.close();
  });

  it('refuses to start without the health plugin it reports to', async () => {
    const app = Fastify({ logger: false });

    const starting = (async () => {
      await app.register(brokerPlugin, { url: RABBITMQ_URL, service: 'feedback-service', namespace: world.namespace });
      await app.ready();
    })();

    await expect(starting).rejects.toThrow("The dependency 'persona-lab-health' of plugin 'persona-lab-broker' is not registered");
    await app.close();
  });
});
