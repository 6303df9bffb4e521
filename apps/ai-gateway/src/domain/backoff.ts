// Waiting between attempts: the schedule is internal-http's (shared with the services' internal
// clients); the pause fails as an AiError when the caller goes away.
import { setTimeout as sleepFor } from 'node:timers/promises';

import { callerAborted } from './ai-error.js';

export { backoffCeiling, backoffDelay, type BackoffPolicy } from '@persona-lab/internal-http';

/** Sleeps, or fails as `aborted` as soon as the caller gives up. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleepFor(ms, undefined, { signal });
  } catch {
    throw callerAborted();
  }
}
