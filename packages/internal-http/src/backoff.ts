// Waiting between attempts: exponential, capped, with jitter so that many callers retrying at once
// spread out instead of arriving together. Shared by the internal clients and the ai-gateway's
// provider calls.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** The ceiling before retry `n` (1-based): base, 2×base, 4×base … capped: 1 s, 2 s, 4 s, 8 s, 8 s by default. */
export function backoffCeiling(retry: number, policy: BackoffPolicy): number {
  return Math.min(policy.baseMs * 2 ** Math.max(0, retry - 1), policy.maxMs);
}

/** "Equal jitter": half the ceiling for sure, plus a random share of the other half. */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(retry, policy);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
