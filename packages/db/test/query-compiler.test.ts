import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../src/test-database.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/heap-after-query.ts', import.meta.url));
/** The start of any WebAssembly module in base64: "\0asm" and version 1. */
const WASM_BASE64 = 'AGFzbQEAAAA';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe("Prisma's query compiler", () => {
  it('runs queries and leaves no copy of its base64 text in the heap of the process', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=source', '--import', 'tsx', FIXTURE], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    const { rows, largeStrings } = JSON.parse(stdout) as { rows: unknown; largeStrings: { start: string; bytes: number }[] };
    expect(rows).toEqual([{ one: 1 }]);
    // Imported as a module (Prisma's way), 2.2 MiB stayed twice: the module's source and its string.
    expect(largeStrings.filter(({ start }) => start.includes(WASM_BASE64))).toEqual([]);
  });
});
