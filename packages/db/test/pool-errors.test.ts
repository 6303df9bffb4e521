// A pool's idle connection that the server ends is reported to the pool's log, not thrown as an
// uncaught error, and the pool serves the next query on a new connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPgPool, type PgPool } from '../src/client.js';
import { createTestDatabase, type TestDatabase } from '../src/test-database.js';

let database: TestDatabase;
let pool: PgPool;
const warnings: { details: object; message: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
  pool = createPgPool({ url: database.url, poolSize: 2, log: { warn: (details, message) => warnings.push({ details, message }) } });
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('createPgPool with a log', () => {
  it('reports an idle connection the server ended, and answers the next query', async () => {
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const idle = rows[0]!.pid;
    const admin = createPgPool({ url: database.url, poolSize: 1 });
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [idle]);
    } finally {
      await admin.end();
    }
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toEqual({ details: { err: expect.any(String) }, message: 'idle database connection failed' });
    const after = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(after.rows[0]!.pid).not.toBe(idle);
  });
});
