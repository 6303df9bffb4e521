// `pnpm --filter @persona-lab/db seed`: seeds reference data into DATABASE_URL, then exits.
import 'dotenv/config';
import { createPrismaClient } from '../src/index.js';
import { seedNames } from './seed-names.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it names the PostgreSQL database to seed.');
  process.exit(1);
}
const prisma = createPrismaClient({ url, poolSize: 1 });
try {
  const names = await seedNames(prisma);
  const alreadyPresent = names.defined - names.inserted;
  process.stdout.write(`names: ${names.inserted} inserted, ${alreadyPresent} already present, ${names.total} in the table\n`);
} catch (error) {
  console.error(`seeding failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
