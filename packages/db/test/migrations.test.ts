import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

import { diffSchemas, SCHEMA_PATH } from '../scripts/schema-diff.js';
import { migrate, readMigrations } from '../src/index.js';
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
 * The dump's trigger functions and triggers (first lines), and the dump without them: what migrations
 * add that schema.prisma has no words for.
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
    .join('\n\n');
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
    // The one object schema.prisma cannot describe: the budget's running total (a trigger and its function).
    const [migratedOnly, rest] = splitSqlOnly(a);
    expect(migratedOnly).toEqual([
      'CREATE FUNCTION public.model_calls_add_to_budget() RETURNS trigger',
      'CREATE TRIGGER model_calls_add_to_budget AFTER INSERT ON public.model_calls FOR EACH ROW WHEN (((new.session_id IS NOT NULL) AND (new.cost_usd IS NOT NULL))) EXECUTE FUNCTION public.model_calls_add_to_budget();',
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

  it('refuses to continue when an applied migration was edited', async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    await execSql(db.url, `UPDATE _prisma_migrations SET checksum = repeat('0', 64)`);
    await expect(migrate(db.url)).rejects.toThrow(/was changed after it was applied/);
  });
});
