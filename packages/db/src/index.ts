export {
  createDatabase,
  createPgPool,
  createPrismaClient,
  type Database,
  type DatabaseOptions,
  isDatabaseReachable,
  type PgPool,
  withSessionSettings,
} from './client.js';
export { byCodeUnits } from './code-unit-order.js';
export { Prisma, PrismaClient } from './generated/prisma/client.js';
export * from './generated/prisma/enums.js';
export type * from './generated/prisma/models.js';
export { migrate, type MigrateResult, type Migration, MigrationError, MIGRATIONS_DIR, readMigrations } from './migrate.js';
export { SEED_COUNTRIES, SEED_NAMES, type SeedCountry } from './seed-names-data.js';
export { type BatcherOptions, type BatchStatement, createStatementBatcher, type StatementBatcher } from './statement-batcher.js';
