// Which rows a task's delivery may claim (a feedback result, a panel answer): the one rule both
// claims use. An IN_PROGRESS claim protects its row from other deliveries for the contract's lease.
import type { Delivery } from '@persona-lab/messaging';

type ClaimingDelivery = Pick<Delivery, 'redelivered' | 'attempt'>;

/** Claims taken before this moment have outlived their lease: any delivery may take them over, and they hold no window place. */
export const staleClaimsBefore = (leaseMs: number) => new Date(Date.now() - leaseMs);

/** The rule's two inputs: whether any IN_PROGRESS claim may be taken over, and before when a claim's lease has run out. */
export function claimRule(delivery: ClaimingDelivery, leaseMs: number) {
  return {
    // A consumer was lost mid-task (the broker says so), or an earlier attempt of this very task ended
    // without releasing its claim (e.g. the database went away under its final write: a row is published
    // once, so a retry means that attempt is over).
    takeOverAnyClaim: delivery.redelivered || delivery.attempt > 1,
    staleBefore: staleClaimsBefore(leaseMs),
  };
}

/** The `OR` of a claim's conditional update for a delivery of a task whose contract has `leaseMs`. */
export function claimableStates(delivery: ClaimingDelivery, leaseMs: number) {
  const { takeOverAnyClaim, staleBefore } = claimRule(delivery, leaseMs);
  return [
    { status: 'PENDING' as const },
    ...(takeOverAnyClaim ? [{ status: 'IN_PROGRESS' as const }] : []),
    // Or the lease ran out.
    { status: 'IN_PROGRESS' as const, startedAt: { lt: staleBefore } },
  ];
}
