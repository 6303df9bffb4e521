// Ordinal answer scales and the distribution of a sample of answers over one.

/** An ordinal scale of the integers min..max (1..5 for the SSR rating, 1..10 for intent). */
export interface OrdinalScale {
  min: number;
  max: number;
}

export const LIKERT_5: OrdinalScale = { min: 1, max: 5 };
export const INTENT_10: OrdinalScale = { min: 1, max: 10 };

export function scalePoints(scale: OrdinalScale): number[] {
  if (!Number.isSafeInteger(scale.min) || !Number.isSafeInteger(scale.max) || scale.max <= scale.min) {
    throw new RangeError(`a scale runs over integers min < max, got ${scale.min}..${scale.max}`);
  }
  return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
}

/** The share of the answers at each point of the scale, the lowest point first. */
export function answerDistribution(answers: readonly number[], scale: OrdinalScale): number[] {
  const points = scalePoints(scale);
  if (answers.length === 0) throw new RangeError('the distribution of no answers');
  const counts = new Array<number>(points.length).fill(0);
  for (const answer of answers) {
    if (!Number.isInteger(answer) || answer < scale.min || answer > scale.max) {
      throw new RangeError(`answer ${answer} is not a point of the scale ${scale.min}..${scale.max}`);
    }
    counts[answer - scale.min]! += 1;
  }
  return counts.map((count) => count / answers.length);
}

/** The sample standard deviation √(Σ (x − x̄)² / (n − 1)); null for fewer than two answers. */
export function sampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const squares = values.reduce((sum, x) => sum + (x - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}
