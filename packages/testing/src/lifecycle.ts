// Test-file lifecycle helpers shared by every package's tests.
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts `start()` in the file's (or describe block's) beforeAll and closes it in afterAll; returns
 * an object filled in by then, so tests read its fields inside `it`, never at module level.
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>): T {
  const context = {} as T;
  beforeAll(async () => {
    Object.assign(context, await start());
  });
  afterAll(async () => {
    await (context as Partial<T>).close?.();
  });
  return context;
}

/** The error `promise` rejects with, checked to be a `kind`; fails when it resolves or rejects with something else. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => E): Promise<E> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error(`expected a ${kind.name} rejection, but the promise resolved`);
  if (!(outcome.error instanceof kind))
    throw new Error(`expected a ${kind.name} rejection, got ${String(outcome.error)}`, { cause: outcome.error });
  return outcome.error;
}
