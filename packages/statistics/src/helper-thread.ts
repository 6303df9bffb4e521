// One computation split between the calling thread and a helper thread (node:worker_threads) started
// for it and ended after it, so no thread stays at rest between computations.
import { Worker } from 'node:worker_threads';

/**
 * The URL of a worker entry module beside `base` (a module's `import.meta.url`): the compiled `.js`
 * when `base` runs from dist, the `.ts` source when it runs from source (vitest, tsx).
 */
export function workerEntry(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/**
 * The Node options a worker needs to run `entry`. From source: the "source" condition and tsx's
 * loader, registered through tsx's API because on Node 20 `--import tsx` registers its loader on
 * the main thread only (tsx is a dependency of the workspace, not of this package: from source
 * only). From dist: none, rather than the process's own, since a worker computes and needs no
 * preloaded module (an inherited `--import tsx` made its start 255 ms of CPU instead of 90). V8's
 * flags (the start scripts' heap settings) are the process's and apply to the worker anyway.
 */
function execArgvFor(entry: URL): string[] {
  if (!entry.pathname.endsWith('.ts')) return [];
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return ['--conditions=source', '--import', `data:text/javascript,import{register}from${JSON.stringify(tsxApi)};register()`];
}

/**
 * Runs `here` on the calling thread while a worker started from `entry` with `input` as its
 * `workerData` computes the rest and posts one message: its result. Resolves with both results;
 * rejects when either fails, including a worker that throws, cannot start or exits without
 * answering. The worker is ended in every case.
 */
export async function alongsideHelperThread<Here, There>(entry: URL, input: unknown, here: () => Here): Promise<[Here, There]> {
  const worker = new Worker(entry, { workerData: input, execArgv: execArgvFor(entry) });
  const there = new Promise<There>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('messageerror', reject);
    // After a message or an error this settles nothing.
    worker.once('exit', (code) => reject(new Error(`the helper thread ${entry.pathname} exited with code ${code} before answering`)));
  });
  try {
    // Both awaited together: the worker's failure is observed even when `here` fails first.
    return await Promise.all([Promise.resolve().then(here), there]);
  } finally {
    // Resolves once the thread has stopped; nothing waits for it.
    void worker.terminate();
  }
}
