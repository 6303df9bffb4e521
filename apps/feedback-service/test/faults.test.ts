// Faults at the seams, against the real servers: a consumer killed mid-task, Redis gone during
// completion, RabbitMQ and PostgreSQL restarted during a session. Each is bounded in time.
import { execFileSync } from 'node:child_process';

import { createUser, startServiceProcess, tokenFor, waitFor } from '@persona-lab/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { isThemeRequest, scriptedAnswer, userPrompt } from './fake-answers.js';
import { createProduct, type Stack, startStack } from './helper.js';
import { type PrivateRedis, startPrivateRedis } from './private-redis.js';

let stack: Stack;
let owner: string;
let redis: PrivateRedis;

beforeAll(async () => {
  redis = await startPrivateRedis();
  // Retries far enough apart to outlast a short outage: 0.5 s, 1 s, 2 s, 4 s.
  stack = await startStack({
    fakeLlm: true,
    instances: 0,
    env: { TASK_RETRY_DELAYS_MS: '500,1000,2000,4000', REDIS_URL: redis.url },
  });
  // The instance that serves HTTP in these tests takes no messages; consumers are added per test.
  await stack.addInstance({ CONSUMERS_ENABLED: 'false' });
  owner = await createUser(stack.apps[0]!.db);
});
afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});
afterEach(async () => {
  // Leave only the HTTP instance for the next test.
  for (const extra of stack.apps.splice(1)) await extra.close();
});

const app = () => stack.apps[0]!;

async function personasWith(markers: string[]) {
  return Promise.all(
    markers.map((marker, i) =>
      app().db.persona.create({
        data: { ownerId: owner, status: 'ACTIVE', name: `F${i}`, detailedBio: `Persona ${i} (${marker}).`, productAttitudes: 'Careful.' },
      }),
    ),
  );
}

async function startSession(personaIds: string[]) {
  const product = await createProduct(app(), owner);
  const res = await app().inject({
    method: 'POST',
    url: '/feedback-sessions',
    headers: tokenFor(owner),
    payload: { productIds: [product.id], personaIds, language: 'en' },
  });
  expect(res.statusCode).toBe(202);
  return res.json().sessionId as string;
}

const sessionRow = (id: string) => app().db.feedbackSession.findUniqueOrThrow({ where: { id } });
const completedSession = (id: string, timeoutMs = 30_000) =>
  waitFor(`session ${id} to complete`, async () => ((await sessionRow(id)).status === 'COMPLETED' ? sessionRow(id) : undefined), {
    timeoutMs,
  });

describe('faults', () => {
  it('completes a task exactly once when its consumer is killed in the middle of it', async () => {
    stack.llm!.reset();
    stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 1_500 }));
    const worker = await startServiceProcess('feedback-service', { ...stack.env, REDIS_URL: redis.url, LOG_LEVEL: 'warn' });
    const [persona] = await personasWith(['intent=8 killed-mid-task']);
    const sessionId = await startSession([persona!.id]);

    await waitFor('the worker to ask the provider', () => stack.llm!.requests.some((r) => userPrompt(r).includes('killed-mid-task')));
    await worker.stop('SIGKILL');
    await stack.addInstance({ REDIS_URL: redis.url }); // a consumer that takes over the redelivered task

    const session = await completedSession(sessionId);
    const [result] = await app().db.feedbackResult.findMany({ where: { sessionId } });
    expect(result!.status).toBe('COMPLETED');
    expect(result!.attempts).toBe(2); // the killed claim, then the one that finished
    expect(session.completedAt).toBeInstanceOf(Date);
    expect(stack.llm!.requests.filter(isThemeRequest)).toHaveLength(1);
  });

  it('completes once, after Redis comes back, when Redis is down as the last result finishes', async () => {
    stack.llm!.reset();
    let redisStopped: Promise<void> | undefined;
    stack.llm!.setFallback((request) => {
      if (isThemeRequest(request)) return scriptedAnswer(request);
      // Redis goes away while the provider is still answering the last pair.
      redisStopped ??= redis.stop();
      return { ...scriptedAnswer(request), delayMs: 300 };
    });
    await stack.addInstance({ REDIS_URL: redis.url });
    await stack.addInstance({ REDIS_URL: redis.url });
    const personas = await personasWith(['intent=7 redis-a', 'intent=3 redis-b']);
    const sessionId = await startSession(personas.map((p) => p.id));

    await waitFor('both results to be stored', async () => {
      const rows = await app().db.feedbackResult.findMany({ where: { sessionId } });
      return rows.every((r) => r.status === 'COMPLETED');
    });
    await redisStopped;
    expect((await sessionRow(sessionId)).status).toBe('IN_PROGRESS'); // completion needs the lock
    await redis.start();

    const session = await completedSession(sessionId);
    expect(session.insights).not.toBeNull();
    expect(stack.llm!.requests.filter(isThemeRequest)).toHaveLength(1);
  });

  it('loses no message when RabbitMQ stops and starts during a session, and consumers resume within 15 s', async () => {
    stack.llm!.reset();
    stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 200 }));
    await stack.addInstance({ REDIS_URL: redis.url, FEEDBACK_PREFETCH: '1' });
    const personas = await personasWith(Array.from({ length: 8 }, (_, i) => `intent=${(i % 10) + 1} rabbit-${i}`));
    const sessionId = await startSession(personas.map((p) => p.id));
    await waitFor('a first result', async () => (await app().db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } })) > 0);

    execFileSync('rabbitmqctl', ['-q', 'stop_app']);
    try {
      await waitFor(
        'readiness to report the broker down',
        async () => (await app().inject({ url: '/health/ready' })).json().checks.broker === 'down',
      );
    } finally {
      execFileSync('rabbitmqctl', ['-q', 'start_app']);
    }
    const doneBefore = await app().db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } });
    await waitFor(
      'a consumer to resume after start_app',
      async () => (await app().db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } })) > doneBefore,
      { timeoutMs: 15_000 },
    );

    await completedSession(sessionId, 60_000);
    const rows = await app().db.feedbackResult.findMany({ where: { sessionId } });
    expect(rows.map((r) => r.status)).toEqual(Array(8).fill('COMPLETED'));
    await waitFor('readiness to recover', async () => (await app().inject({ url: '/health/ready' })).statusCode === 200, {
      timeoutMs: 15_000,
    });
  });

  it('drops readiness while PostgreSQL restarts and completes the session after it is back', async () => {
    stack.llm!.reset();
    stack.llm!.setFallback((request) => ({ ...scriptedAnswer(request), delayMs: isThemeRequest(request) ? 0 : 250 }));
    await stack.addInstance({ REDIS_URL: redis.url, FEEDBACK_PREFETCH: '2' });
    const personas = await personasWith(Array.from({ length: 6 }, (_, i) => `intent=${i + 2} pg-${i}`));
    const sessionId = await startSession(personas.map((p) => p.id));
    await waitFor('a first result', async () => (await app().db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } })) > 0);

    const cluster = execFileSync('bash', ['-c', 'ls /etc/postgresql | head -1']).toString().trim();
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'stop', '-m', 'fast']);
    try {
      const ready = await app().inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.database).toBe('down');
    } finally {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'start']);
    }
    await waitFor('readiness to recover', async () => (await app().inject({ url: '/health/ready' })).statusCode === 200, {
      timeoutMs: 20_000,
    });

    await completedSession(sessionId, 60_000);
    const rows = await app().db.feedbackResult.findMany({ where: { sessionId } });
    expect(rows.filter((r) => r.status === 'COMPLETED')).toHaveLength(6);
  });
});

describe('recovery at start-up', () => {
  it('completes a session whose results all finished but whose completion never ran', async () => {
    const [a, b] = await personasWith(['intent=9 stranded-a', 'intent=2 stranded-b']);
    const product = await createProduct(app(), owner);
    // As an outage leaves it: every result stored, the session still IN_PROGRESS, no task left.
    const session = await app().db.feedbackSession.create({
      data: {
        ownerId: owner,
        language: 'en',
        status: 'IN_PROGRESS',
        totalResults: 2,
        products: { create: [{ productId: product.id, position: 0 }] },
        results: {
          create: [a!, b!].map((p, i) => ({
            personaId: p.id,
            productId: product.id,
            status: 'COMPLETED' as const,
            completedAt: new Date(),
            purchaseIntent: i === 0 ? 9 : 2,
            keyConcerns: ['Price too high'],
            feedback: 'stored before the outage',
          })),
        },
      },
    });
    stack.llm!.reset();
    stack.llm!.setFallback(scriptedAnswer);
    await stack.addInstance({ REDIS_URL: redis.url });

    const completed = await completedSession(session.id);
    expect(completed.insights).toMatchObject({ overall: { averagePurchaseIntent: 5.5, likelyBuyerPercentage: 50 } });
  });
});
