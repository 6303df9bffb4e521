// One computation split between the calling thread and a helper thread (node:worker_threads) started
// for it and ended after it, so no thread stays at rest between computations. A helper may be started
// ahead of its computation (while the caller still gathers the input), so that its start and the
// loading of its modules are done by the time the input is posted to it.
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
 * A helper thread for one computation. Its entry module answers the first message it receives (the
 * input) with one message (its result), or throws.
 */
export interface HelperThread {
  /**
   * Posts `input` to the thread and runs `here` on the calling thread meanwhile. Resolves with both
   * results; rejects when either fails, including a thread that throws, could not start or exits
   * without answering. The thread is ended in every case; a second call rejects.
   */
  alongside<Here, There>(input: unknown, here: () => Here): Promise<[Here, There]>;
  /** Ends the thread (one whose computation was not needed after all); does nothing once ended. */
  end(): void;
}

/** Starts a helper thread from `entry`; it loads its modules and waits for its input. */
export function startHelperThread(entry: URL): HelperThread {
  const worker = new Worker(entry, { execArgv: execArgvFor(entry) });
  const answer = new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('messageerror', reject);
    // After a message or an error this settles nothing.
    worker.once('exit', (code) => reject(new Error(`the helper thread ${entry.pathname} exited with code ${code} before answering`)));
  });
  // A failure before the input is posted is reported by `alongside`, or by nothing when the thread is ended unused.
  answer.catch(() => undefined);
  let used = false;
  // Resolves once the thread has stopped; nothing waits for it.
  const end = () => void worker.terminate();
  return {
    async alongside<Here, There>(input: unknown, here: () => Here): Promise<[Here, There]> {
      if (used) throw new Error(`the helper thread ${entry.pathname} has already run its computation`);
      used = true;
      try {
        worker.postMessage(input);
        // Both awaited together: the thread's failure is observed even when `here` fails first.
        return (await Promise.all([Promise.resolve().then(here), answer])) as [Here, There];
      } finally {
        end();
      }
    },
    end,
  };
}

/** {@link HelperThread.alongside} on a thread started for it. */
export function alongsideHelperThread<Here, There>(entry: URL, input: unknown, here: () => Here): Promise<[Here, There]> {
  return startHelperThread(entry).alongside<Here, There>(input, here);
}
