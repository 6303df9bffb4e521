export { createDatabase, createPrismaClient, isDatabaseReachable, type Database, type DatabaseOptions, type PgPool } from './client.js';
export { migrate, readMigrations, MigrationError, MIGRATIONS_DIR, type Migration, type MigrateResult } from './migrate.js';
export { PrismaClient, Prisma } from './generated/prisma/client.js';
export type * from './generated/prisma/models.js';
export * from './generated/prisma/enums.js';
export { SEED_COUNTRIES, SEED_NAMES, type SeedCountry } from './seed-names-data.js';
