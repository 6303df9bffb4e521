// The statements every result runs (claim, store, take), and the queueing of a persona's pairs, are
// planned on connections that read tables only through indexes. Each connection keeps the plan it
// makes of a named statement, and where no ANALYZE runs (autovacuum off) a plan made while the results
// table was small stays as the table grows: a plan that reads the whole table there reads every result
// of every session later.
import { PersonaStatusChanged } from '@persona-lab/contracts';
import type { PgPool } from '@persona-lab/db';
import { createUser, tokenFor, waitFor } from '@persona-lab/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { scriptedAnswer } from './fake-answers.js';
import { createProduct, finishedSession, useFeedbackService } from './helper.js';

// One connection per pool, so the statements below are those every result of the session ran on.
const stack = useFeedbackService({ fakeLlm: true, env: { DATABASE_POOL_SIZE: '1' } });
const app = () => stack.apps[0]!;
let owner: string;

beforeAll(async () => {
  owner = await createUser(app().db);
});
beforeEach(() => {
  stack.llm!.reset();
  stack.llm!.setFallback(scriptedAnswer);
});

async function completedSession(personas: number, products: number) {
  const productIds = await Promise.all(Array.from({ length: products }, async () => (await createProduct(app(), owner)).id));
  const personaIds = await Promise.all(
    Array.from({ length: personas }, async (_, i) => {
      const persona = await app().db.persona.create({
        data: {
          ownerId: owner,
          status: 'ACTIVE',
          name: `P${i}`,
          detailedBio: `Persona ${i} (intent=7).`,
          productAttitudes: 'Careful buyer.',
        },
      });
      return persona.id;
    }),
  );
  const res = await app().inject({
    method: 'POST',
    url: '/feedback-sessions',
    headers: tokenFor(owner),
    payload: { productIds, personaIds, language: 'en' },
  });
  expect(res.statusCode, res.body).toBe(202);
  const session = await finishedSession(app(), owner, res.json().sessionId as string);
  expect(session.status).toBe('COMPLETED');
  return personaIds[0]!;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** The index scans of an EXPLAIN (FORMAT JSON) plan that have no index condition: each reads its whole index. */
function wholeIndexScans(explained: unknown): string[] {
  const found: string[] = [];
  const visit = (node: PlanNode) => {
    if (node['Node Type'].startsWith('Index') && node['Index Cond'] === undefined) found.push(node['Index Name']!);
    node.Plans?.forEach(visit);
  };
  for (const { Plan } of explained as { Plan: PlanNode }[]) visit(Plan);
  return found;
}

describe("the results' pool", () => {
  it('plans no table scan on its connections, and leaves the pool under Prisma as it is', async () => {
    const setting = async (pool: PgPool) => (await pool.query<{ enable_seqscan: string }>('SHOW enable_seqscan')).rows[0]!.enable_seqscan;
    expect(await setting(app().resultsPg)).toBe('off');
    expect(await setting(app().pg)).toBe('on');
  });

  it("keeps plans of the claim, the store, the take and the queueing of a persona's pairs, made on a small results table, that read it through indexes", async () => {
    const personaId = await completedSession(3, 3);
    // A persona's status event: the statement that queues its pairs (none left here) is prepared as it is handled.
    await app().broker.publish(
      PersonaStatusChanged,
      { personaId, userId: owner, status: 'ACTIVE', occurredAt: new Date().toISOString() },
      { requestId: 'plans' },
    );
    await waitFor('the persona event handled', async () => {
      const { rows } = await app().resultsPg.query(`SELECT 1 FROM pg_prepared_statements WHERE name = 'queue-persona-pairs'`);
      return rows.length > 0 ? true : undefined;
    });
    const client = await app().resultsPg.connect();
    try {
      const { rows: statements } = await client.query<{ name: string; types: string[] }>(
        `SELECT name, parameter_types::text[] AS types FROM pg_prepared_statements ORDER BY name`,
      );
      const names = statements.map((statement) => statement.name.replace(/-\d+$/, '-n'));
      expect(new Set(names)).toEqual(new Set(['queue-persona-pairs', 'read-and-claim-results', 'store-answers', 'take-from-queue']));
      // The plan that serves every later run, made now if the connection has not made it yet: on this
      // session's nine rows, where reading the whole table costs least.
      await client.query('SET plan_cache_mode = force_generic_plan');
      for (const { name, types } of statements) {
        const nulls = types.map((type) => `NULL::${type}`).join(', ');
        const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) EXECUTE "${name}"(${nulls})`);
        const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
        expect(plan, name).toContain('"Node Type":"Index');
        expect(plan, name).not.toContain('"Node Type":"Seq Scan"');
        // Nor the whole of an index instead: with table scans off, that is what a plan made on a few rows reads.
        expect(wholeIndexScans(rows[0]!['QUERY PLAN']), name).toEqual([]);
        // The session by its key: through the status index a statement of every result would read every running session.
        expect(plan, name).not.toContain('feedback_sessions_status_idx');
      }
    } finally {
      await client.query('RESET plan_cache_mode');
      client.release();
    }
  });
});
