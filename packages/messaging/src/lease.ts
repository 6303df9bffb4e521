// A task's lease (its contract's `leaseMs`) is how long one consumer's claim keeps other deliveries
// of the task away. It must outlast the longest call the handler makes while holding the claim, or
// a second consumer takes the work over from a live one and the call is paid for twice.
import type { TaskContract } from '@persona-lab/contracts';
import { ConfigError } from '@persona-lab/service-kit';

/** Kept between the end of the handler's longest call and the end of its lease: the writes after the call, clocks of other instances. */
export const LEASE_MARGIN_MS = 30_000;

/**
 * Refuses (ConfigError) a configuration whose calls would outlive the task's lease. `calls` names
 * each setting that bounds a call the handler makes while holding its claim, with its value:
 * `{ AI_GATEWAY_TIMEOUT_MS: config.AI_GATEWAY_TIMEOUT_MS }`.
 */
export function assertLeaseOutlastsCalls(task: TaskContract, calls: Readonly<Record<string, number>>): void {
  const longest = task.leaseMs - LEASE_MARGIN_MS;
  const problems = Object.entries(calls)
    .filter(([, timeoutMs]) => timeoutMs > longest)
    .map(
      ([variable, timeoutMs]) =>
        `${variable} must be at most ${longest} (got ${timeoutMs}): a call must end ${LEASE_MARGIN_MS} ms before the ${task.leaseMs} ms lease of ${task.name}`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
}
