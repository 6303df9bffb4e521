// One feedback task per pair: audience sessions publish each pair once however many persona events
// arrive (the dispatch storm of issue 11), and events racing over the same persona publish it once.
import { FeedbackGenerationTask, PersonaStatusChanged } from '@persona-lab/contracts';
import { createUser, tokenFor } from '@persona-lab/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { createProduct, finishedSession, tasksPublished, useFeedbackService } from './helper.js';

const stack = useFeedbackService({ personaService: true, instances: 2 });
let owner: string;

beforeAll(async () => {
  owner = await createUser(stack.apps[0]!.db);
});

const app = () => stack.apps[0]!;

/** Feedback tasks confirmed by the broker, summed over every feedback-service instance. */
const feedbackTasksPublished = () => tasksPublished(FeedbackGenerationTask, stack.apps);

/** Feedback operations the ai-gateway answered (each one a provider call). */
async function gatewayFeedbackCalls(): Promise<number> {
  const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
  return [...text.matchAll(/^ai_calls_total\{([^}]*)\} (\d+)/gm)]
    .filter(([, labels]) => labels!.includes('operation="generateFeedback"'))
    .reduce((sum, [, , value]) => sum + Number(value), 0);
}

const finished = (id: string, timeoutMs = 60_000) => finishedSession(app(), owner, id, timeoutMs);

describe('dispatching feedback tasks', () => {
  it('publishes exactly one task per pair in an audience session of 60 personas × 2 products', async () => {
    const products = [await createProduct(app(), owner, { name: 'Storm A' }), await createProduct(app(), owner, { name: 'Storm B' })];
    const tasksBefore = await feedbackTasksPublished();
    const callsBefore = await gatewayFeedbackCalls();
    const res = await app().inject({
      method: 'POST',
      url: '/feedback-sessions',
      headers: tokenFor(owner),
      payload: {
        productIds: products.map((p) => p.id),
        language: 'en',
        audience: { genders: ['FEMALE', 'MALE'], ageRanges: ['18-25', '26-35', '36-45'], country: 'GB' },
        personaCount: 60,
      },
    });
    expect(res.statusCode).toBe(202);
    const session = await finished(res.json().sessionId, 120_000);

    expect(session.status).toBe('COMPLETED');
    expect(session.progress).toMatchObject({ total: 120, completed: 120, failed: 0 });
    expect(await feedbackTasksPublished()).toBe(tasksBefore + 120);
    expect(await gatewayFeedbackCalls()).toBe(callsBefore + 120);
    const rows = await app().db.feedbackResult.findMany({ where: { sessionId: session.id } });
    expect(rows.every((r) => r.status === 'COMPLETED' && r.attempts === 1 && r.dispatchedAt !== null)).toBe(true);
  });

  it('publishes a pair once when status events of its persona race on two instances', async () => {
    const product = await createProduct(app(), owner, { name: 'Race' });
    const personas = await Promise.all(
      [0, 1, 2].map((i) => app().db.persona.create({ data: { ownerId: owner, status: 'GENERATING', name: `Waiting ${i}` } })),
    );
    const res = await app().inject({
      method: 'POST',
      url: '/feedback-sessions',
      headers: tokenFor(owner),
      payload: { productIds: [product.id], personaIds: personas.map((p) => p.id), language: 'en' },
    });
    expect(res.statusCode).toBe(202);
    const tasksBefore = await feedbackTasksPublished();

    await app().db.persona.updateMany({
      where: { id: { in: personas.map((p) => p.id) } },
      data: { status: 'ACTIVE', detailedBio: 'A careful buyer from Leeds.', productAttitudes: 'Compares prices first.' },
    });
    // Five copies of each persona's ACTIVE event, published at once through the real exchange.
    await Promise.all(
      personas.flatMap((persona) =>
        Array.from({ length: 5 }, () =>
          app().broker.publish(
            PersonaStatusChanged,
            { personaId: persona.id, userId: owner, status: 'ACTIVE', occurredAt: new Date().toISOString() },
            { requestId: 'race' },
          ),
        ),
      ),
    );
    const session = await finished(res.json().sessionId);

    expect(session.status).toBe('COMPLETED');
    expect(await feedbackTasksPublished()).toBe(tasksBefore + 3);
    const rows = await app().db.feedbackResult.findMany({ where: { sessionId: session.id } });
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
  });

  it('fails the pairs of a persona announced FAILED and runs the pairs of the one announced ACTIVE', async () => {
    const product = await createProduct(app(), owner, { name: 'Split' });
    const [ready, refused] = await Promise.all(
      ['Ready', 'Refused'].map((name) => app().db.persona.create({ data: { ownerId: owner, status: 'GENERATING', name } })),
    );
    const res = await app().inject({
      method: 'POST',
      url: '/feedback-sessions',
      headers: tokenFor(owner),
      payload: { productIds: [product.id], personaIds: [ready!.id, refused!.id], language: 'en' },
    });
    expect(res.statusCode).toBe(202);

    await app().db.persona.update({
      where: { id: ready!.id },
      data: { status: 'ACTIVE', detailedBio: 'A careful buyer from Leeds.', productAttitudes: 'Compares prices first.' },
    });
    await app().db.persona.update({ where: { id: refused!.id }, data: { status: 'FAILED', failureReason: 'the model refused' } });
    for (const [persona, status] of [
      [ready!, 'ACTIVE'],
      [refused!, 'FAILED'],
    ] as const) {
      await app().broker.publish(
        PersonaStatusChanged,
        { personaId: persona.id, userId: owner, status, occurredAt: new Date().toISOString() },
        { requestId: 'split' },
      );
    }
    const session = await finished(res.json().sessionId);

    expect(session.status).toBe('COMPLETED');
    expect(session.progress).toMatchObject({ total: 2, completed: 1, failed: 1 });
    const rows = await app().db.feedbackResult.findMany({ where: { sessionId: session.id } });
    expect(rows.find((r) => r.personaId === ready!.id)).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(rows.find((r) => r.personaId === refused!.id)).toMatchObject({
      status: 'FAILED',
      failureReason: 'Persona generation failed: the model refused',
      dispatchedAt: null,
    });
  });
});
