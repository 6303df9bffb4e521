// `migrate [--create]`: applies pending migrations to DATABASE_URL; with --create it first creates
// the database if it does not exist (connecting to the server's `postgres` database to do so).
import 'dotenv/config';

import pg from 'pg';

import { migrate } from '../migrate.js';

async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it names the PostgreSQL database to migrate.');
  process.exit(1);
}
try {
  if (process.argv.includes('--create')) await createDatabaseIfMissing(url);
  const { applied, alreadyApplied } = await migrate(url);
  console.log(`migrations: ${applied.length} applied (${applied.join(', ') || 'none'}), ${alreadyApplied.length} already in place`);
} catch (error) {
  console.error(`migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
