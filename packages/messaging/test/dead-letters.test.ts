import { randomUUID } from 'node:crypto';

import { PersonaGenerationTask, type PersonaGenerationTaskMessage } from '@persona-lab/contracts';
import { waitFor } from '@persona-lab/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HEADERS, PermanentError, type Subscription } from '../src/index.js';
import { createMessagingFixture, type MessagingFixture, TEST_RETRY } from './helpers/fixture.js';

let world: MessagingFixture;
beforeEach(async () => {
  world = await createMessagingFixture();
});
afterEach(() => world.cleanup());

function personaTask(): PersonaGenerationTaskMessage {
  return { personaId: randomUUID(), userId: randomUUID(), variantNumber: 0 };
}

/** A consumer that records what it handled, started and ready. */
async function recordingConsumer(): Promise<{ handled: string[]; subscription: Subscription }> {
  const handled: string[] = [];
  const subscription = world.broker.consume(
    PersonaGenerationTask,
    async (message) => {
      handled.push(message.personaId);
    },
    { retry: TEST_RETRY },
  );
  await world.broker.waitUntilReady();
  return { handled, subscription };
}

describe('dead letters', () => {
  it('dead-letters malformed JSON with the reason and keeps consuming', async () => {
    const { handled, subscription } = await recordingConsumer();

    await world.raw.inject(subscription.queue, '{"personaId": oops', { headers: { [HEADERS.contractVersion]: 1 } });
    const valid = personaTask();
    await world.broker.publish(PersonaGenerationTask, valid);

    const dead = await world.raw.take(subscription.deadLetterQueue);
    expect(dead.content.toString()).toBe('{"personaId": oops');
    expect(dead.properties.headers).toMatchObject({
      [HEADERS.deadLetterCause]: 'invalid',
      [HEADERS.attempts]: 1,
      [HEADERS.originalQueue]: subscription.queue,
    });
    expect(dead.properties.headers?.[HEADERS.deadLetterReason]).toMatch(/^malformed JSON/);
    await waitFor('the valid task after the malformed one', () => handled.includes(valid.personaId));
    expect(handled).toEqual([valid.personaId]);
    expect(subscription.isActive()).toBe(true);
  });

  it('dead-letters a message that breaks its schema, naming the field', async () => {
    const { handled, subscription } = await recordingConsumer();

    await world.raw.inject(subscription.queue, JSON.stringify({ ...personaTask(), variantNumber: -1 }), {
      headers: { [HEADERS.contractVersion]: 1 },
    });

    const dead = await world.raw.take(subscription.deadLetterQueue);
    expect(dead.properties.headers?.[HEADERS.deadLetterReason]).toBe('invalid PersonaGenerationTask: /variantNumber must be >= 0');
    expect(handled).toEqual([]);
  });

  it('dead-letters a message of an unknown contract version without handling it', async () => {
    const { handled, subscription } = await recordingConsumer();

    await world.raw.inject(subscription.queue, JSON.stringify(personaTask()), { headers: { [HEADERS.contractVersion]: 2 } });

    const dead = await world.raw.take(subscription.deadLetterQueue);
    expect(dead.properties.headers?.[HEADERS.deadLetterReason]).toBe(
      'unknown contract version 2 of PersonaGenerationTask (this consumer reads version 1)',
    );
    expect(dead.properties.headers?.[HEADERS.deadLetterCause]).toBe('invalid');
    expect(handled).toEqual([]);
  });

  it('dead-letters a message of another contract sent to the wrong queue', async () => {
    const { handled, subscription } = await recordingConsumer();

    await world.raw.inject(subscription.queue, JSON.stringify(personaTask()), {
      type: 'FeedbackGenerationTask',
      headers: { [HEADERS.contractVersion]: 1 },
    });

    const dead = await world.raw.take(subscription.deadLetterQueue);
    expect(dead.properties.headers?.[HEADERS.deadLetterReason]).toBe(
      'a FeedbackGenerationTask does not belong in the queue of PersonaGenerationTask',
    );
    expect(handled).toEqual([]);
  });

  it('retries a failing handler with a growing attempt count, then dead-letters it', async () => {
    const attempts: number[] = [];
    const requestIds: string[] = [];
    const reported: string[] = [];
    world.broker.addHooks({
      retried: (event) => reported.push(`retried attempt ${event.attempt} after ${event.delayMs} ms`),
      deadLettered: (event) => reported.push(`dead-lettered attempt ${event.attempt} (${event.cause})`),
    });
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async (_message, context) => {
        attempts.push(context.attempt);
        requestIds.push(context.requestId);
        throw new Error('ai-gateway answered 503');
      },
      { retry: TEST_RETRY },
    );

    await world.broker.publish(PersonaGenerationTask, personaTask(), { requestId: 'req-retried' });

    const dead = await world.raw.take(subscription.deadLetterQueue);
    expect(attempts).toEqual([1, 2, 3]);
    expect(requestIds).toEqual(['req-retried', 'req-retried', 'req-retried']);
    expect(dead.properties.headers).toMatchObject({
      [HEADERS.deadLetterCause]: 'exhausted',
      [HEADERS.deadLetterReason]: 'failed 3 attempts; last error: ai-gateway answered 503',
      [HEADERS.attempts]: 3,
      [HEADERS.requestId]: 'req-retried',
    });
    await waitFor('the dead letter to be reported', () => reported.length === 3);
    expect(reported).toEqual(['retried attempt 1 after 50 ms', 'retried attempt 2 after 150 ms', 'dead-lettered attempt 3 (exhausted)']);
  });

  it('acknowledges a message whose retry succeeds, leaving nothing behind', async () => {
    const attempts: number[] = [];
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async (_message, context) => {
        attempts.push(context.attempt);
        if (context.attempt === 1) throw new Error('transient');
      },
      { retry: TEST_RETRY },
    );

    await world.broker.publish(PersonaGenerationTask, personaTask());

    await waitFor('the second attempt', () => attempts.length === 2);
    await world.broker.close();
    expect(attempts).toEqual([1, 2]);
    expect(await world.raw.depth(subscription.queue)).toBe(0);
    expect(await world.raw.depth(subscription.deadLetterQueue)).toBe(0);
  });

  it('dead-letters at once when the handler throws a PermanentError', async () => {
    const attempts: number[] = [];
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async (_message, context) => {
        attempts.push(context.attempt);
        throw new PermanentError('persona no longer exists');
      },
      { retry: TEST_RETRY },
    );

    await world.broker.publish(PersonaGenerationTask, personaTask());

    const dead = await world.raw.take(subscription.deadLetterQueue);
    expect(attempts).toEqual([1]);
    expect(dead.properties.headers).toMatchObject({
      [HEADERS.deadLetterCause]: 'permanent',
      [HEADERS.deadLetterReason]: 'persona no longer exists',
      [HEADERS.attempts]: 1,
    });
  });
});
