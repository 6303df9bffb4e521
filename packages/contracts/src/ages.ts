// The age distribution of a batch of personas. Part of the contract between persona-service and
// the ai-gateway: the prompt asks the model for these ages, and the service stores them.

/**
 * Ages spread evenly over [min, max] (either order) for `count` personas, both ends included:
 * 20–60 × 5 → 20, 30, 40, 50, 60; one persona gets the midpoint.
 */
export function spreadAges(min: number, max: number, count: number): number[] {
  if (count <= 0) return [];
  const low = Math.min(min, max);
  const high = Math.max(min, max);
  if (count === 1) return [Math.floor((low + high) / 2)];
  const step = (high - low) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(low + i * step));
}
