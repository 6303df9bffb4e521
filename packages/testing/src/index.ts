export { createTestDatabase, type TestDatabase } from './database.js';
export { waitFor } from './wait-for.js';
