import { randomUUID } from 'node:crypto';

import { PersonaGenerationTask, type PersonaGenerationTaskMessage } from '@persona-lab/contracts';
import { waitFor } from '@persona-lab/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HEADERS, type MessageContext, RetryLaterError, retryQueueName } from '../src/index.js';
import { createMessagingFixture, type MessagingFixture, TEST_RETRY } from './helpers/fixture.js';

let world: MessagingFixture;
beforeEach(async () => {
  world = await createMessagingFixture();
});
afterEach(() => world.cleanup());

function personaTask(): PersonaGenerationTaskMessage {
  return { personaId: randomUUID(), userId: randomUUID(), variantNumber: 0 };
}

describe('retries', () => {
  it('tells the handler its attempt, the attempts allowed and whether no retry follows', async () => {
    const seen: Pick<MessageContext, 'attempt' | 'maxAttempts' | 'lastAttempt'>[] = [];
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async (_message, { attempt, maxAttempts, lastAttempt }) => {
        seen.push({ attempt, maxAttempts, lastAttempt });
        throw new RetryLaterError('ai-gateway busy');
      },
      { retry: TEST_RETRY },
    );

    await world.broker.publish(PersonaGenerationTask, personaTask());

    const dead = await world.raw.take(subscription.deadLetterQueue);
    expect(seen).toEqual([
      { attempt: 1, maxAttempts: 3, lastAttempt: false },
      { attempt: 2, maxAttempts: 3, lastAttempt: false },
      { attempt: 3, maxAttempts: 3, lastAttempt: true },
    ]);
    expect(dead.properties.headers).toMatchObject({
      [HEADERS.deadLetterCause]: 'exhausted',
      [HEADERS.deadLetterReason]: 'failed 3 attempts; last error: ai-gateway busy',
    });
  });

  it("retries every consumer with the broker's delays instead of the contract's", async () => {
    const broker = world.newBroker({ retryDelaysMs: TEST_RETRY.delaysMs });
    const attempts: number[] = [];
    const delays: number[] = [];
    broker.addHooks({ retried: (event) => delays.push(event.delayMs) });
    const subscription = broker.consume(PersonaGenerationTask, async (_message, context) => {
      attempts.push(context.attempt);
      if (context.attempt === 1) throw new RetryLaterError('transient');
    });

    await broker.publish(PersonaGenerationTask, personaTask());

    await waitFor('the retried attempt', () => attempts.length === 2);
    expect(attempts).toEqual([1, 2]);
    // The contract's first delay is 1 s.
    expect(delays).toEqual([50]);
    expect(await world.raw.depth(retryQueueName(subscription.queue, 50))).toBe(0);
    expect(await world.raw.depth(retryQueueName(subscription.queue, 1_000))).toBeUndefined();
  });
});
