// The claim of a feedback task (result-claim.ts) as the consumer makes it, through `app.feedback.claimResult`
// on the real pool: the claims of one loop turn go out as one statement, and each gets its own answer.
import { randomUUID } from 'node:crypto';

import { FeedbackGenerationTask } from '@persona-lab/contracts';
import { createDatabase, type ResultStatus, type SessionStatus } from '@persona-lab/db';
import { createTestDatabase, createUser, spyOnNamedStatements } from '@persona-lab/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { createResultClaimer } from '../src/domain/result-claim.js';
import { createProduct, deliveryAttempt, useFeedbackService } from './helper.js';

const stack = useFeedbackService();
const app = () => stack.apps[0]!;
let owner: string;

beforeAll(async () => {
  owner = await createUser(app().db);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const firstDelivery = () => deliveryAttempt(app(), 1);
const retryDelivery = () => deliveryAttempt(app(), 2);

/** A session in `sessionStatus` with one result per entry of `results`, each its own persona's, in the given state. */
async function sessionWith(
  sessionStatus: SessionStatus,
  results: Array<{ status: ResultStatus; startedAt?: Date; attempts?: number; queuedAt?: Date; completedAt?: Date }>,
) {
  const product = await createProduct(app(), owner);
  const session = await app().db.feedbackSession.create({ data: { ownerId: owner, status: sessionStatus, language: 'en' } });
  return Promise.all(
    results.map(async (state, i) => {
      const persona = await app().db.persona.create({
        data: { ownerId: owner, status: 'ACTIVE', name: `P${i}`, detailedBio: `Persona ${i}.`, productAttitudes: 'Careful buyer.' },
      });
      const result = await app().db.feedbackResult.create({
        data: { sessionId: session.id, productId: product.id, personaId: persona.id, ...state },
      });
      return result.id;
    }),
  );
}

const stored = (id: string) => app().db.feedbackResult.findUniqueOrThrow({ where: { id } });

describe('claiming feedback results', () => {
  it('claims the results of several deliveries of one loop turn in one statement, each with its own row', async () => {
    const ids = await sessionWith('IN_PROGRESS', [
      { status: 'PENDING' },
      { status: 'PENDING', attempts: 2 },
      { status: 'PENDING', queuedAt: new Date() },
    ]);
    const claimStatements = spyOnNamedStatements(app().resultsPg, 'read-and-claim-results');

    const claimed = await Promise.all(ids.map((id) => app().feedback.claimResult(id, firstDelivery())));

    expect(claimStatements()).toHaveLength(1);
    expect(claimed.map((result) => [result?.id, result?.status, result?.claimedAttempts])).toEqual([
      [ids[0], 'PENDING', 1],
      [ids[1], 'PENDING', 2 + 1],
      [ids[2], 'PENDING', 1],
    ]);
    expect(new Set(claimed.map((result) => result!.persona.id)).size).toBe(3);
    for (const id of ids) expect(await stored(id)).toMatchObject({ status: 'IN_PROGRESS', queuedAt: null, startedAt: expect.any(Date) });
  });

  it('gives a result delivered twice in one batch one claim, as if the deliveries came one after the other', async () => {
    const [id, other] = await sessionWith('IN_PROGRESS', [{ status: 'PENDING' }, { status: 'PENDING' }]);

    const [first, duplicate, otherClaim] = await Promise.all([
      app().feedback.claimResult(id!, firstDelivery()),
      app().feedback.claimResult(id!, firstDelivery()),
      app().feedback.claimResult(other!, firstDelivery()),
    ]);

    expect(first).toMatchObject({ id, status: 'PENDING', claimedAttempts: 1 });
    // The second delivery finds the first one's live claim and keeps off it.
    expect(duplicate).toMatchObject({ id, status: 'IN_PROGRESS', claimedAttempts: null });
    expect(otherClaim).toMatchObject({ id: other, claimedAttempts: 1 });
    expect(await stored(id!)).toMatchObject({ status: 'IN_PROGRESS', attempts: 1 });
  });

  it("lets a retry in the same batch take over the claim its result's first delivery just took", async () => {
    const [id] = await sessionWith('IN_PROGRESS', [{ status: 'PENDING' }]);

    const [first, retry] = await Promise.all([
      app().feedback.claimResult(id!, firstDelivery()),
      app().feedback.claimResult(id!, retryDelivery()),
    ]);

    expect(first).toMatchObject({ status: 'PENDING', claimedAttempts: 1 });
    expect(retry).toMatchObject({ status: 'IN_PROGRESS', claimedAttempts: 2 });
    expect(await stored(id!)).toMatchObject({ status: 'IN_PROGRESS', attempts: 2 });
  });

  it('answers each claim of a mixed batch by its own result, session and delivery', async () => {
    const live = new Date();
    const lapsed = new Date(Date.now() - FeedbackGenerationTask.leaseMs - 60_000);
    const [pending, liveClaim, liveClaimRetried, lapsedClaim, completed] = await sessionWith('IN_PROGRESS', [
      { status: 'PENDING' },
      { status: 'IN_PROGRESS', startedAt: live, attempts: 1 },
      { status: 'IN_PROGRESS', startedAt: live, attempts: 1 },
      { status: 'IN_PROGRESS', startedAt: lapsed, attempts: 1 },
      { status: 'COMPLETED', attempts: 1, completedAt: new Date() },
    ]);
    const [ofCancelledSession] = await sessionWith('CANCELLED', [{ status: 'PENDING' }]);
    const missing = randomUUID();
    const claimStatements = spyOnNamedStatements(app().resultsPg, 'read-and-claim-results');

    const claims = await Promise.all([
      app().feedback.claimResult(pending!, firstDelivery()),
      app().feedback.claimResult(liveClaim!, firstDelivery()),
      app().feedback.claimResult(liveClaimRetried!, retryDelivery()),
      app().feedback.claimResult(lapsedClaim!, firstDelivery()),
      app().feedback.claimResult(completed!, firstDelivery()),
      app().feedback.claimResult(ofCancelledSession!, firstDelivery()),
      app().feedback.claimResult(missing, firstDelivery()),
    ]);

    expect(claimStatements()).toHaveLength(1);
    expect(claims.map((claim) => claim && { id: claim.id, status: claim.status, claimedAttempts: claim.claimedAttempts })).toEqual([
      { id: pending, status: 'PENDING', claimedAttempts: 1 },
      { id: liveClaim, status: 'IN_PROGRESS', claimedAttempts: null },
      { id: liveClaimRetried, status: 'IN_PROGRESS', claimedAttempts: 2 },
      { id: lapsedClaim, status: 'IN_PROGRESS', claimedAttempts: 2 },
      { id: completed, status: 'COMPLETED', claimedAttempts: null },
      { id: ofCancelledSession, status: 'PENDING', claimedAttempts: null },
      null,
    ]);
    expect(claims[5]!.session.status).toBe('CANCELLED');
    expect(await stored(liveClaim!)).toMatchObject({ attempts: 1, startedAt: live });
    expect(await stored(completed!)).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(await stored(ofCancelledSession!)).toMatchObject({ status: 'PENDING', attempts: 0 });
  });

  it('settles on one generic plan for the claim statement instead of planning each batch anew', async () => {
    // A database of its own with the rows of a large session, analysed, as the planner sees production
    // (on a few rows a generic plan wins anyway), and one connection, whose prepared statement is read after.
    const database = await createTestDatabase();
    const { pool, close } = createDatabase({ url: database.url, poolSize: 1 });
    try {
      await pool.query(`
        WITH owner AS (INSERT INTO users (id, email, password_hash, updated_at) VALUES (gen_random_uuid(), 'plans@example.com', '-', now()) RETURNING id),
        product AS (INSERT INTO products (id, owner_id, name, description, price, category, key_features, updated_at)
          SELECT gen_random_uuid(), id, 'Shoe', 'A shoe.', 1, 'Footwear', '{}', now() FROM owner RETURNING id, owner_id),
        sessions AS (INSERT INTO feedback_sessions (id, owner_id, status, language, updated_at)
          SELECT gen_random_uuid(), id, 'IN_PROGRESS', 'en', now() FROM owner, generate_series(1, 20) RETURNING id),
        personas AS (INSERT INTO personas (id, owner_id, status, name, updated_at)
          SELECT gen_random_uuid(), id, 'ACTIVE', 'P' || n, now() FROM owner, generate_series(1, 1000) AS n RETURNING id)
        INSERT INTO feedback_results (id, session_id, product_id, persona_id, status, updated_at)
          SELECT gen_random_uuid(), s.id, pr.id, p.id, 'PENDING', now() FROM sessions AS s, product AS pr, personas AS p`);
      await pool.query('ANALYZE');
      const { rows: results } = await pool.query<{ id: string }>('SELECT id FROM feedback_results LIMIT 24');
      const claim = createResultClaimer(pool);
      for (let batch = 0; batch < 8; batch += 1) {
        await Promise.all(results.slice(batch * 3, batch * 3 + 3).map(({ id }) => claim(id, firstDelivery())));
      }
      const { rows } = await pool.query<{ generic: string; custom: string }>(
        `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = 'read-and-claim-results'`,
      );

      // PostgreSQL tries 5 custom plans before it weighs the generic one.
      expect(rows).toEqual([{ generic: '3', custom: '5' }]);
    } finally {
      await close();
      await database.drop();
    }
  });
});
