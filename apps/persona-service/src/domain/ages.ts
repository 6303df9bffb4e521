// Turning age ranges into concrete ages.

export interface AgeRange {
  min: number;
  max: number;
}

/** The oldest age an open range such as "46+" reaches. */
export const OPEN_RANGE_MAX_AGE = 70;

/** "18-25" → {18, 25}; "46+" → {46, 70}; "30" → {30, 30}; anything else → null. */
export function parseAgeRange(text: string): AgeRange | null {
  const match = /^\s*(\d{1,3})\s*(?:(-)\s*(\d{1,3})|(\+))?\s*$/.exec(text);
  if (!match) return null;
  const min = Number(match[1]);
  const max = match[4] ? Math.max(min, OPEN_RANGE_MAX_AGE) : match[3] ? Number(match[3]) : min;
  return min <= max ? { min, max } : null;
}
