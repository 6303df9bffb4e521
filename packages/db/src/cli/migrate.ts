import 'dotenv/config';
import { migrate } from '../migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it names the PostgreSQL database to migrate.');
  process.exit(1);
}
try {
  const { applied, alreadyApplied } = await migrate(url);
  console.log(`migrations: ${applied.length} applied (${applied.join(', ') || 'none'}), ${alreadyApplied.length} already in place`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
