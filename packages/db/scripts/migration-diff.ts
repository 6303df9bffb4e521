// Writes the next migration: `pnpm --filter @persona-lab/db migration:diff <name>` diffs the committed schema
// (git HEAD) against the working copy and stores the SQL under prisma/migrations/<timestamp>_<name>.
import 'dotenv/config';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_DIR, readMigrations } from '../src/migrate.js';
import { diffSchemas, SCHEMA_PATH } from './schema-diff.js';

const name = process.argv[2];
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: migration-diff <name>   (lower case letters, digits and underscores)');
  process.exit(1);
}
const existing = await readMigrations();
const toSchema = await readFile(SCHEMA_PATH, 'utf8');
const fromSchema = existing.length === 0 ? null : execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' });
const sql = await diffSchemas({ databaseUrl, fromSchema, toSchema });
if (!sql.trim() || sql.includes('This is an empty migration')) {
  console.log('schema unchanged: no migration written');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, 'migration.sql'), sql);
await writeFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), 'provider = "postgresql"\n');
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
process.exit(0);
