import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';

import { PersonaGenerationTask, type PersonaGenerationTaskMessage, PersonaStatusChanged } from '@persona-lab/contracts';
import { waitFor } from '@persona-lab/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { HEADERS, InvalidMessageError, type MessageContext, subscriptionQueueName } from '../src/index.js';
import { createMessagingFixture, type MessagingFixture } from './helpers/fixture.js';
import { RABBITMQ_URL } from './helpers/rabbit.js';

let world: MessagingFixture;
beforeEach(async () => {
  world = await createMessagingFixture();
});
afterEach(() => world.cleanup());

function personaTask(): PersonaGenerationTaskMessage {
  return { personaId: randomUUID(), userId: randomUUID(), variantNumber: 2 };
}

describe('publishing and consuming', () => {
  it('delivers a published task to its consumer and acknowledges it', async () => {
    const received: { message: PersonaGenerationTaskMessage; context: MessageContext }[] = [];
    const subscription = world.broker.consume(PersonaGenerationTask, async (message, context) => {
      received.push({ message, context });
    });
    const task = personaTask();

    await world.broker.publish(PersonaGenerationTask, task);

    await waitFor('the task to be handled', () => received.length === 1);
    expect(received[0]?.message).toEqual(task);
    expect(received[0]?.context).toMatchObject({ attempt: 1, redelivered: false });
    await world.broker.close();
    // Anything unacknowledged would be back in the queue once the consumer is gone.
    expect(await world.raw.depth(subscription.queue)).toBe(0);
  });

  it('resolves a publish only once the broker holds the message, persistent and versioned', async () => {
    const task = personaTask();

    await world.broker.publish(PersonaGenerationTask, task, { requestId: 'req-confirm' });

    const stored = await world.raw.take(`${world.namespace}.persona.generation.queue`, 0);
    expect(JSON.parse(stored.content.toString())).toEqual(task);
    expect(stored.properties.deliveryMode).toBe(2);
    expect(stored.properties.type).toBe('PersonaGenerationTask');
    expect(stored.properties.headers).toMatchObject({
      [HEADERS.contractVersion]: 1,
      [HEADERS.requestId]: 'req-confirm',
      [HEADERS.attempt]: 1,
    });
  });

  it('sends the messages published in one loop turn to the broker in one socket write', async () => {
    await world.broker.publish(PersonaGenerationTask, personaTask());
    const brokerPort = Number(new URL(RABBITMQ_URL).port || 5672);
    // Each socket write becomes one `_write` or one `_writev` (corked writes); count those to the broker.
    const write = vi.spyOn(Socket.prototype, '_write');
    const writev = vi.spyOn(Socket.prototype, '_writev');
    const toBroker = () =>
      [...write.mock.contexts, ...writev.mock.contexts].filter((socket) => (socket as Socket).remotePort === brokerPort).length;
    try {
      await Promise.all(Array.from({ length: 20 }, () => world.broker.publish(PersonaGenerationTask, personaTask())));

      // amqplib wrote each frame on its own (20 writes, each waking the broker's reader); patched, a
      // turn's frames leave together (patches/amqplib@*.patch). A heartbeat may add a write of its own.
      expect(toBroker()).toBeLessThanOrEqual(2);
      expect(await world.raw.depth(`${world.namespace}.persona.generation.queue`)).toBe(21);
    } finally {
      write.mockRestore();
      writev.mockRestore();
    }
  });

  it('declares a task queue again when it was deleted behind its back, instead of losing the message', async () => {
    const queue = `${world.namespace}.persona.generation.queue`;
    await world.broker.publish(PersonaGenerationTask, personaTask());
    await world.raw.deleteTopology(world.namespace, { contracts: [PersonaGenerationTask] });
    expect(await world.raw.depth(queue)).toBeUndefined();

    await world.broker.publish(PersonaGenerationTask, personaTask());

    expect(await world.raw.depth(queue)).toBe(1);
  });

  it('refuses to publish a message that breaks its contract, naming the field', async () => {
    const publishing = world.broker.publish(PersonaGenerationTask, { ...personaTask(), personaId: 'not-a-uuid' });

    await expect(publishing).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(publishing).rejects.toThrow('/personaId must match format "uuid"');
    expect(await world.raw.depth(`${world.namespace}.persona.generation.queue`)).toBeUndefined();
  });

  it('gives the handler the request id the publisher sent', async () => {
    const requestIds: string[] = [];
    world.broker.consume(PersonaGenerationTask, async (_message, context) => {
      requestIds.push(context.requestId);
    });

    await world.broker.publish(PersonaGenerationTask, personaTask(), { requestId: 'req-travels-1' });
    await world.broker.publish(PersonaGenerationTask, { ...personaTask(), requestId: 'req-in-payload' });

    await waitFor('both tasks to be handled', () => requestIds.length === 2);
    expect(requestIds.sort()).toEqual(['req-in-payload', 'req-travels-1']);
  });

  it('reports each publish and consumption to the hooks', async () => {
    const events: string[] = [];
    world.broker.addHooks({
      published: (event) => events.push(`published ${event.contract} ${event.requestId}`),
      consumed: (event) => events.push(`consumed ${event.contract} attempt ${event.attempt}`),
    });
    world.broker.consume(PersonaGenerationTask, async () => undefined);

    await world.broker.publish(PersonaGenerationTask, personaTask(), { requestId: 'req-hooks' });

    await waitFor('the consumption to be reported', () => events.length === 2);
    // In either order: `published` is reported once the broker confirms, and the consumer (in this
    // process) can handle and acknowledge the message before that confirm arrives.
    expect([...events].sort()).toEqual(['consumed PersonaGenerationTask attempt 1', 'published PersonaGenerationTask req-hooks']);
  });

  it('keeps an event for feedback-service in its own queue even before it starts consuming', async () => {
    const event = {
      personaId: randomUUID(),
      userId: randomUUID(),
      status: 'ACTIVE' as const,
      occurredAt: new Date().toISOString(),
    };

    await world.broker.publish(PersonaStatusChanged, event);

    const queue = subscriptionQueueName(PersonaStatusChanged, 'feedback-service', { namespace: world.namespace });
    expect(await world.raw.depth(queue)).toBe(1);
    const received: unknown[] = [];
    world.broker.consume(PersonaStatusChanged, async (message) => {
      received.push(message);
    });
    await waitFor('feedback-service to receive the event', () => received.length === 1);
    expect(received[0]).toEqual(event);
  });

  it('gives every subscribing service its own copy of an event', async () => {
    const feedbackCopies: string[] = [];
    const otherCopies: string[] = [];
    world.broker.consume(PersonaStatusChanged, async (message) => {
      feedbackCopies.push(message.personaId);
    });
    const other = world.newBroker({ service: 'other-service' });
    other.consume(PersonaStatusChanged, async (message) => {
      otherCopies.push(message.personaId);
    });
    await Promise.all([world.broker.waitUntilReady(), other.waitUntilReady()]);
    const personaId = randomUUID();

    await world.broker.publish(PersonaStatusChanged, {
      personaId,
      userId: randomUUID(),
      status: 'FAILED',
      failureReason: 'gateway timed out',
      occurredAt: new Date().toISOString(),
    });

    await waitFor('both services to receive the event', () => feedbackCopies.length === 1 && otherCopies.length === 1);
    expect(feedbackCopies).toEqual([personaId]);
    expect(otherCopies).toEqual([personaId]);
  });
});
