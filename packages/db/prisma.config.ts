import 'dotenv/config';
import { defineConfig } from 'prisma/config';

// The CLI is used only for `generate` here: migrations run through src/migrate.ts,
// which needs no engine download. The URL is optional so `generate` works without a database.
export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
