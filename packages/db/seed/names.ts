// The seed data lives in src/ so that services can import it from @persona-lab/db (the fixed-names
// strategy falls back to it when the table is empty); this module keeps the seed scripts' import.
export { SEED_COUNTRIES, SEED_NAMES, type SeedCountry } from '../src/seed-names-data.js';
