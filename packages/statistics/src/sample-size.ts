/** Below this many answers a cell carries a small-sample warning. */
export const SMALL_SAMPLE_THRESHOLD = 30;

export function isSmallSample(n: number): boolean {
  return n < SMALL_SAMPLE_THRESHOLD;
}
