import { randomUUID } from 'node:crypto';

import { PersonaGenerationTask, type PersonaGenerationTaskMessage } from '@persona-lab/contracts';
import { waitFor } from '@persona-lab/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { MessageContext } from '../src/index.js';
import { type ConnectionWatch, watchConnections } from './helpers/connections.js';
import { createMessagingFixture, gate, type MessagingFixture, TEST_RETRY } from './helpers/fixture.js';

let world: MessagingFixture;
let watch: ConnectionWatch;
beforeEach(async () => {
  world = await createMessagingFixture({ reconnect: { initialDelayMs: 50, maxDelayMs: 500 } });
  watch = watchConnections();
});
afterEach(async () => {
  watch.restore();
  await world.cleanup();
});

function personaTask(): PersonaGenerationTaskMessage {
  return { personaId: randomUUID(), userId: randomUUID(), variantNumber: 1 };
}

/** Consumes with a handler holding the first delivery until `firstDelivery` opens; publishes a task and waits for it. */
async function holdFirstDelivery(firstDelivery: ReturnType<typeof gate>) {
  const deliveries: MessageContext[] = [];
  const subscription = world.broker.consume(PersonaGenerationTask, async (_message, context) => {
    deliveries.push(context);
    if (deliveries.length === 1) await firstDelivery.promise;
  });
  await world.broker.publish(PersonaGenerationTask, personaTask());
  await waitFor('the first delivery', () => deliveries.length === 1);
  return { deliveries, subscription };
}

describe('faults and shutdown', () => {
  it('redelivers a message whose consumer channel closed mid-task', async () => {
    const firstDelivery = gate();
    const { deliveries, subscription } = await holdFirstDelivery(firstDelivery);

    await watch.consumerChannels[0]?.close();

    await waitFor('the redelivery', () => deliveries.length === 2);
    firstDelivery.open();
    expect(deliveries[1]?.messageId).toBe(deliveries[0]?.messageId);
    expect(deliveries[1]?.redelivered).toBe(true);
    expect(deliveries[1]?.attempt).toBe(1);
    await waitFor('the consumer to be active again', () => subscription.isActive());
    await world.broker.close();
    expect(await world.raw.depth(subscription.queue)).toBe(0);
  });

  it('redelivers the message in hand on the new connection when the connection is lost', async () => {
    const inHand = gate();
    const { deliveries, subscription } = await holdFirstDelivery(inHand);

    watch.destroyCurrentSocket();
    // Its handler finishes with the connection gone: the acknowledgement cannot reach the broker.
    inHand.open();

    await waitFor('the redelivery', () => deliveries.length === 2);
    expect(deliveries[1]?.messageId).toBe(deliveries[0]?.messageId);
    expect(deliveries[1]?.redelivered).toBe(true);
    expect(watch.connections).toHaveLength(2);
    await waitFor('readiness to come back', () => world.broker.isReady());
    await world.broker.close();
    expect(await world.raw.depth(subscription.queue)).toBe(0);
  });

  it('never runs more handlers at once than the prefetch', async () => {
    const release = gate();
    let active = 0;
    let mostActive = 0;
    let done = 0;
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async () => {
        active += 1;
        mostActive = Math.max(mostActive, active);
        await release.promise;
        active -= 1;
        done += 1;
      },
      { prefetch: 3 },
    );

    for (let i = 0; i < 8; i += 1) await world.broker.publish(PersonaGenerationTask, personaTask());

    await waitFor('three handlers at work', () => active === 3);
    expect(await world.raw.depth(subscription.queue)).toBe(5);
    release.open();
    await waitFor('all eight handled', () => done === 8);
    expect(mostActive).toBe(3);
  });

  it('lets the handler in hand finish before closing, and takes no new message meanwhile', async () => {
    const release = gate();
    const events: string[] = [];
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async (message) => {
        events.push(`started ${message.variantNumber}`);
        await release.promise;
        events.push(`finished ${message.variantNumber}`);
      },
      { prefetch: 1 },
    );
    await world.broker.publish(PersonaGenerationTask, { ...personaTask(), variantNumber: 1 });
    await world.broker.publish(PersonaGenerationTask, { ...personaTask(), variantNumber: 2 });
    await waitFor('the first task to start', () => events.length === 1);

    const closing = world.broker.close().then(() => events.push('closed'));
    expect(world.broker.isReady()).toBe(false);
    release.open();
    await closing;

    expect(events).toEqual(['started 1', 'finished 1', 'closed']);
    expect(await world.raw.depth(subscription.queue)).toBe(1);
  });

  it('reconnects after its connection is lost, and publishing and consuming resume', async () => {
    const handled: number[] = [];
    let acknowledged = 0;
    world.broker.addHooks({
      consumed: () => {
        acknowledged += 1;
      },
    });
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async (message) => {
        handled.push(message.variantNumber);
      },
      { retry: TEST_RETRY },
    );
    await waitFor('the consumer to start', () => subscription.isActive());
    await world.broker.publish(PersonaGenerationTask, { ...personaTask(), variantNumber: 1 });
    await waitFor('the task before the failure to be acknowledged', () => acknowledged === 1);
    // The ack leaves on a later turn; a round trip on its channel returns once the broker has it. So the
    // failure finds no message in hand (that case, a redelivery, is the test before).
    const consumerChannel = watch.consumerChannels[0];
    expect(consumerChannel).toBeDefined();
    await consumerChannel!.checkQueue(subscription.queue);

    watch.destroyCurrentSocket();
    // Published while the connection is down: waits for the new connection's confirm.
    await world.broker.publish(PersonaGenerationTask, { ...personaTask(), variantNumber: 2 });

    await waitFor('the task after the failure', () => handled.length === 2);
    expect(handled).toEqual([1, 2]);
    expect(watch.connections).toHaveLength(2);
    await waitFor('readiness to come back', () => world.broker.isReady());
  });
});
