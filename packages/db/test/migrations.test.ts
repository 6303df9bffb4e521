import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

import { diffSchemas, SCHEMA_PATH } from '../scripts/schema-diff.js';
import { migrate, MIGRATIONS_DIR, readMigrations } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/test-database.js';

const run = promisify(execFile);
const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}

/** The schema of a database as pg_dump prints it, without comments and session settings. */
async function dumpSchema(url: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--no-owner', '-T', '_prisma_migrations', url]);
  return stdout
    .split('\n')
    .filter((line) => !/^(--|\\restrict|\\unrestrict)/.test(line))
    .join('\n')
    .trim();
}

/**
 * The dump's trigger functions and triggers (first lines), check constraints and column storage
 * settings, and the dump without them: what migrations add that schema.prisma has no words for.
 */
function splitSqlOnly(dump: string): [string[], string] {
  const found: string[] = [];
  const rest = dump
    .split(/\n\n+/)
    .filter((block) => {
      const statement = block.trim();
      if (!/^CREATE (FUNCTION|TRIGGER) /.test(statement)) return true;
      found.push(statement.split('\n')[0]!.trim());
      return false;
    })
    .join('\n\n')
    .replace(/,\n\s+CONSTRAINT (\S+) CHECK (.*)\n/g, (_, name: string, check: string) => {
      found.push(`CONSTRAINT ${name} CHECK ${check}`);
      return '\n';
    })
    .replace(/\n(ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET STORAGE \w+;)/g, (_, storage: string) => {
      found.push(storage);
      return '';
    });
  return [found, rest];
}

async function execSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('produce exactly the schema that schema.prisma describes', async () => {
    const [migrated, fromSchema] = [await emptyDatabase(), await emptyDatabase()];
    await migrate(migrated.url);
    const sql = await diffSchemas({
      databaseUrl: fromSchema.url,
      fromSchema: null,
      toSchema: await readFile(SCHEMA_PATH, 'utf8'),
    });
    await execSql(fromSchema.url, sql);

    const [a, b] = [await dumpSchema(migrated.url), await dumpSchema(fromSchema.url)];
    expect(a).toContain('CREATE TABLE public.feedback_results');
    // What schema.prisma cannot describe: the budget's running total (a trigger and its function),
    // that a result is unfinished exactly while it has no completed_at, and that the response cache's
    // large answers are not compressed.
    const [migratedOnly, rest] = splitSqlOnly(a);
    expect(migratedOnly).toEqual([
      'CREATE FUNCTION public.model_calls_add_to_budget() RETURNS trigger',
      'CREATE TRIGGER model_calls_add_to_budget AFTER INSERT ON public.model_calls FOR EACH ROW WHEN (((new.session_id IS NOT NULL) AND (new.cost_usd IS NOT NULL))) EXECUTE FUNCTION public.model_calls_add_to_budget();',
      'CONSTRAINT feedback_results_unfinished_check CHECK (((completed_at IS NULL) = (status = ANY (ARRAY[\'PENDING\'::public."ResultStatus", \'IN_PROGRESS\'::public."ResultStatus"]))))',
      'ALTER TABLE ONLY public.ai_response_cache ALTER COLUMN answer SET STORAGE EXTERNAL;',
    ]);
    const [schemaOnly, schemaRest] = splitSqlOnly(b);
    expect(schemaOnly).toEqual([]);
    expect(rest).toEqual(schemaRest);
  });

  it('are applied once when several instances migrate at the same time', async () => {
    const db = await emptyDatabase();
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(db.url)));
    const names = (await readMigrations()).map((m) => m.name);

    expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
    expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
    expect(results.every((r) => r.applied.length + r.alreadyApplied.length === names.length)).toBe(true);
  });

  it('are recorded as Prisma records them, with sha256 checksums and finished steps', async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    await client.end();
    const expected = await readMigrations();
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(expected.map((m) => [m.name, m.checksum, 1]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    expect((await migrate(db.url)).applied).toEqual([]);
  });

  it('give the results a session cancelled a completed_at, so only unfinished results lack one', async () => {
    const db = await emptyDatabase();
    const earlier = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    try {
      for (const { name } of await readMigrations()) {
        if (name < '20261201223812_result_claim_hot')
          await cp(path.join(MIGRATIONS_DIR, name), path.join(earlier, name), { recursive: true });
      }
      await migrate(db.url, earlier);
    } finally {
      await rm(earlier, { recursive: true });
    }
    await execSql(
      db.url,
      `INSERT INTO users (id, email, password_hash, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'a@example.com', 'x', now());
       INSERT INTO products (id, owner_id, name, description, price, category, updated_at)
         VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'P', 'D', 1, 'C', now());
       INSERT INTO personas (id, owner_id, status, updated_at)
         SELECT ('00000000-0000-4000-8000-00000000001' || i)::uuid, '00000000-0000-4000-8000-000000000001', 'ACTIVE', now() FROM generate_series(0, 2) AS i;
       INSERT INTO feedback_sessions (id, owner_id, status, language, updated_at)
         VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', 'CANCELLED', 'en', now());
       INSERT INTO feedback_results (id, session_id, product_id, persona_id, status, completed_at, updated_at)
         SELECT ('00000000-0000-4000-8000-00000000002' || i)::uuid, '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002',
           ('00000000-0000-4000-8000-00000000001' || i)::uuid, status::"ResultStatus", completed, '2026-12-01T10:00:00Z'
         FROM (VALUES (0, 'CANCELLED', NULL::timestamptz), (1, 'COMPLETED', '2026-12-01T09:00:00Z'), (2, 'PENDING', NULL)) AS r(i, status, completed);`,
    );

    await migrate(db.url);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ status: string; completed_at: Date | null }>(
      'SELECT status, completed_at FROM feedback_results ORDER BY id',
    );
    await client.end();
    expect(rows).toEqual([
      { status: 'CANCELLED', completed_at: new Date('2026-12-01T10:00:00Z') },
      { status: 'COMPLETED', completed_at: new Date('2026-12-01T09:00:00Z') },
      { status: 'PENDING', completed_at: null },
    ]);
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    await execSql(db.url, `UPDATE _prisma_migrations SET checksum = repeat('0', 64)`);
    await expect(migrate(db.url)).rejects.toThrow(/was changed after it was applied/);
  });
});
