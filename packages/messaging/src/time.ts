/** Rejects with `timed out after <ms> ms` if the promise has not settled by then. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Bound on each protocol step of a shutdown (cancel, channel and connection close): a connection
 * that died without RabbitMQ saying so would otherwise never answer.
 */
export const SHUTDOWN_STEP_TIMEOUT_MS = 5_000;
