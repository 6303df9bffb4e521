import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { PersonaGenerationTask, type PersonaGenerationTaskMessage } from '@persona-lab/contracts';
import { waitFor } from '@persona-lab/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { main } from '../src/cli/dead-letters-command.js';
import { HEADERS, listDeadLetters, PermanentError, requeueDeadLetters, type Subscription, UnknownQueueError } from '../src/index.js';
import { createMessagingFixture, type MessagingFixture, TEST_RETRY } from './helpers/fixture.js';
import { RABBITMQ_URL } from './helpers/rabbit.js';

const QUEUE = PersonaGenerationTask.queue;

let world: MessagingFixture;
beforeEach(async () => {
  world = await createMessagingFixture();
});
afterEach(() => world.cleanup());

function personaTask(): PersonaGenerationTaskMessage {
  return { personaId: randomUUID(), userId: randomUUID(), variantNumber: 0 };
}

const target = () => ({ url: RABBITMQ_URL, namespace: world.namespace, queue: QUEUE });

async function waitForDepth(queue: string, depth: number): Promise<void> {
  await waitFor(`${depth} message(s) in ${queue}`, async () => (await world.raw.depth(queue)) === depth);
}

/** Tasks with these message ids, dead-lettered at once by a real consumer, which is then stopped. */
async function deadLettered(messageIds: string[]): Promise<Subscription> {
  const subscription = world.broker.consume(
    PersonaGenerationTask,
    async () => {
      throw new PermanentError('persona no longer exists');
    },
    { retry: TEST_RETRY },
  );
  for (const messageId of messageIds) {
    await world.broker.publish(PersonaGenerationTask, personaTask(), { messageId, requestId: `req-${messageId}` });
  }
  await waitForDepth(subscription.deadLetterQueue, messageIds.length);
  await subscription.cancel();
  return subscription;
}

/** Runs the command's entry file as an operator would, through Node with the source condition. */
function runCommand(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/cli/dead-letters.ts', ...args], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function captureIo(env: NodeJS.ProcessEnv) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { env, stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } },
  };
}

describe('dead-letter operations', () => {
  it('lists a task the consumer gave up on, and requeues it to succeed once the cause is fixed', async () => {
    let causeFixed = false;
    const attempts: number[] = [];
    const succeeded: string[] = [];
    const subscription = world.broker.consume(
      PersonaGenerationTask,
      async (task, context) => {
        attempts.push(context.attempt);
        if (!causeFixed) throw new Error('ai-gateway answered 503');
        succeeded.push(task.personaId);
      },
      { retry: TEST_RETRY },
    );
    const task = personaTask();
    await world.broker.publish(PersonaGenerationTask, task, { messageId: 'poison-1', requestId: 'req-poison' });
    await waitForDepth(subscription.deadLetterQueue, 1);

    const listing = await listDeadLetters(target());
    expect(listing).toMatchObject({ queue: subscription.queue, deadLetterQueue: subscription.deadLetterQueue, ready: 1 });
    expect(listing.deadLetters).toEqual([
      {
        messageId: 'poison-1',
        requestId: 'req-poison',
        contract: 'PersonaGenerationTask',
        cause: 'exhausted',
        reason: 'failed 3 attempts; last error: ai-gateway answered 503',
        attempts: 3,
        deadLetteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        requeues: 0,
        body: JSON.stringify(task),
      },
    ]);
    await waitForDepth(subscription.deadLetterQueue, 1); // listing left it where it was

    causeFixed = true;
    const result = await requeueDeadLetters({ ...target(), select: 'all' });

    expect(result.requeued.map((letter) => letter.messageId)).toEqual(['poison-1']);
    expect(result.notFound).toEqual([]);
    await waitFor('the requeued task to succeed', () => succeeded.length === 1);
    await world.broker.close(); // drains: a second handling would have happened by now
    expect(succeeded).toEqual([task.personaId]);
    expect(attempts).toEqual([1, 2, 3, 1]);
    expect(await world.raw.depth(subscription.deadLetterQueue)).toBe(0);
    expect(await world.raw.depth(subscription.queue)).toBe(0);
  });

  it('requeues only the chosen message ids, fresh, and leaves the others in their order', async () => {
    const subscription = await deadLettered(['poison-a', 'poison-b', 'poison-c']);
    const before = (await listDeadLetters(target())).deadLetters.map((letter) => letter.messageId);
    expect([...before].sort()).toEqual(['poison-a', 'poison-b', 'poison-c']);
    await waitForDepth(subscription.deadLetterQueue, 3);
    expect((await listDeadLetters(target())).deadLetters.map((letter) => letter.messageId)).toEqual(before);

    const result = await requeueDeadLetters({ ...target(), select: { ids: ['poison-b', 'never-dead-lettered'] } });

    expect(result.requeued.map((letter) => letter.messageId)).toEqual(['poison-b']);
    expect(result.notFound).toEqual(['never-dead-lettered']);
    const back = await world.raw.take(subscription.queue);
    expect(back.properties.messageId).toBe('poison-b');
    const headers = back.properties.headers ?? {};
    expect(headers).toMatchObject({ [HEADERS.attempt]: 1, [HEADERS.requeues]: 1, [HEADERS.requestId]: 'req-poison-b' });
    expect(headers[HEADERS.requeuedAt]).toEqual(expect.any(String));
    for (const gone of [HEADERS.deadLetterReason, HEADERS.deadLetterCause, HEADERS.attempts, HEADERS.deadLetteredAt]) {
      expect(headers).not.toHaveProperty(gone);
    }
    await waitForDepth(subscription.deadLetterQueue, 2);
    const after = (await listDeadLetters(target())).deadLetters.map((letter) => letter.messageId);
    expect(after).toEqual(before.filter((id) => id !== 'poison-b'));
  });

  it('describes a message RabbitMQ itself dead-lettered from its x-death header', async () => {
    const deadLetterQueue = `${world.namespace}.${QUEUE}.dlq`;
    await world.broker.publish(PersonaGenerationTask, personaTask()); // declares the queue and its DLQ
    await world.raw.inject(deadLetterQueue, '{}', {
      messageId: 'crashed-20-times',
      headers: {
        [HEADERS.attempt]: 1,
        'x-death': [
          { reason: 'delivery_limit', queue: `${world.namespace}.${QUEUE}`, count: 1, time: { '!': 'timestamp', value: 1_800_000_000 } },
        ],
      },
    });

    const [letter] = (await listDeadLetters(target())).deadLetters;

    expect(letter).toMatchObject({
      messageId: 'crashed-20-times',
      cause: 'broker:delivery_limit',
      reason: `RabbitMQ dead-lettered it from ${world.namespace}.${QUEUE} (delivery_limit)`,
      attempts: 1,
      deadLetteredAt: '2027-01-15T08:00:00.000Z',
    });
  });

  it('refuses a queue name that no contract defines, naming the queues it knows', async () => {
    const listing = listDeadLetters({ ...target(), queue: 'persona.queue' });

    await expect(listing).rejects.toThrow(UnknownQueueError);
    await expect(listing).rejects.toThrow(
      /unknown queue "persona.queue".*feedback\.generation\.queue, feedback\.panel-answer\.queue, persona\.generation\.queue/,
    );
  });

  it('runs as a command: lists as JSON, requeues an id, then exits 3 for the id no longer there', async () => {
    const subscription = await deadLettered(['poison-cli']);
    const env = { RABBITMQ_URL, BROKER_NAMESPACE: world.namespace };

    const listed = await runCommand(['list', QUEUE, '--json'], env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(listed.stdout)).toMatchObject({
      deadLetterQueue: subscription.deadLetterQueue,
      ready: 1,
      deadLetters: [
        { messageId: 'poison-cli', requestId: 'req-poison-cli', cause: 'permanent', reason: 'persona no longer exists', attempts: 1 },
      ],
    });

    const requeued = await runCommand(['requeue', QUEUE, '--id', 'poison-cli'], env);
    expect(requeued).toMatchObject({ code: 0, stderr: '' });
    expect(requeued.stdout).toContain(`requeued 1 dead letter(s) from ${subscription.deadLetterQueue} to ${subscription.queue}`);
    expect((await world.raw.take(subscription.queue)).properties.messageId).toBe('poison-cli');

    const again = captureIo(env); // in-process: each child process costs seconds of start-up
    expect(await main(['requeue', QUEUE, '--id', 'poison-cli'], again.io)).toBe(3);
    expect(again.out.stdout).toContain(`not found in ${subscription.deadLetterQueue}: poison-cli`);
  }, 90_000);

  it('exits 1 naming RABBITMQ_URL when it is not set, before touching the broker', async () => {
    const { io, out } = captureIo({ BROKER_NAMESPACE: world.namespace });

    const code = await main(['list', QUEUE], io);

    expect(code).toBe(1);
    expect(out.stderr).toBe('dead-letters: RABBITMQ_URL is required but not set (amqp://user:password@host:5672)\n');
    expect(out.stdout).toBe('');
  });

  it('exits 1 for an unknown queue name and 2 for a queue missing from the namespace', async () => {
    const unknown = captureIo({ RABBITMQ_URL, BROKER_NAMESPACE: world.namespace });
    expect(await main(['list', 'persona.queue'], unknown.io)).toBe(1);
    expect(unknown.out.stderr).toContain(
      'unknown queue "persona.queue"; dead letters are kept for: feedback.generation.queue, feedback.panel-answer.queue, persona.generation.queue',
    );

    const missing = captureIo({ RABBITMQ_URL, BROKER_NAMESPACE: world.namespace });
    expect(await main(['list', QUEUE], missing.io)).toBe(2);
    expect(missing.out.stderr).toContain(`queue ${world.namespace}.${QUEUE}.dlq does not exist on the broker`);
  });
});
