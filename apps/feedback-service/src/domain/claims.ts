// Which rows a task's delivery may claim (a feedback result, a panel answer): the one rule both
// claims use. An IN_PROGRESS claim protects its row from other deliveries for the contract's lease.
import type { Delivery } from '@persona-lab/messaging';

/** The `OR` of a claim's conditional update for a delivery of a task whose contract has `leaseMs`. */
export function claimableStates(delivery: Pick<Delivery, 'redelivered' | 'attempt'>, leaseMs: number) {
  const staleBefore = new Date(Date.now() - leaseMs);
  return [
    { status: 'PENDING' as const },
    // A consumer was lost mid-task (the broker says so), or an earlier attempt of this very task ended
    // without releasing its claim (e.g. the database went away under its final write: a row is published
    // once, so a retry means that attempt is over), or the lease ran out.
    ...(delivery.redelivered || delivery.attempt > 1 ? [{ status: 'IN_PROGRESS' as const }] : []),
    { status: 'IN_PROGRESS' as const, startedAt: { lt: staleBefore } },
  ];
}
