export { createTestDatabase, type TestDatabase } from './database.js';
export { waitFor } from './wait-for.js';
export { TEST_SECRETS, testEnv } from './env.js';
