// The named statements a pg pool runs: how a test sees that work went out batched, one statement for many callers.
import type { PgPool } from '@persona-lab/db';
import type { QueryConfig } from 'pg';
import { vi } from 'vitest';

/** The statements named `name` that `pool` runs from now on, each with its parameters (undone by `vi.restoreAllMocks`). */
export function spyOnNamedStatements(pool: PgPool, name: string): () => QueryConfig[] {
  const query = vi.spyOn(pool, 'query');
  return () => query.mock.calls.map(([config]) => config as unknown as QueryConfig).filter((config) => config.name === name);
}
