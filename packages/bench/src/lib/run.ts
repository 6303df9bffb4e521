// The frame of every benchmark script: clean-ups that always run (on success, on error, on Ctrl-C and
// when the watchdog fires), and a watchdog that ends a run taking far longer than it should.
import { availableParallelism, cpus, loadavg } from 'node:os';

export type Cleanup = () => Promise<unknown>;

const cleanups: Cleanup[] = [];

/** Registers a clean-up; they run newest first. */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Runs every clean-up once, newest first; a failing one does not stop the others. */
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()!;
    await cleanup().catch((error: unknown) => console.error('clean-up failed:', error));
  }
}

/** One line naming the machine and how busy it is: other work on it moves every figure. */
export function describeMachine(): string {
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${new Date().toISOString()}, Node ${process.version}, ${availableParallelism()} cores (${cpuModel}), load average (1 min) ${loadAverage()}`;
}

export const loadAverage = (): string => loadavg()[0]!.toFixed(2);

/**
 * Runs `main` with a watchdog of `limitSeconds`, then the clean-ups. Exit code 1 on an error or a
 * watchdog stop, 130 on a signal.
 */
export async function runBenchmark(name: string, limitSeconds: number, main: () => Promise<void>): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`${name} ran longer than ${limitSeconds} s; stopping.`);
    void cleanUp().finally(() => process.exit(1));
  }, limitSeconds * 1_000).unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the services and cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await cleanUp();
  }
}
