// A target audience spread over N personas: each dimension round-robin, each age range turned
// into concrete ages spread over the range, so the same audience and count always give the
// same variations (which is what lets find-or-create reuse personas).
import { spreadAges } from '@persona-lab/contracts';

import { parseAgeRange } from './ages.js';

export interface TargetAudience {
  genders?: string[];
  ageRanges?: string[];
  regions?: string[];
  incomeLevels?: string[];
  country?: string;
}

export interface Variation {
  gender: string | null;
  age: number | null;
  ageRange: string | null;
  region: string | null;
  incomeLevel: string | null;
  country: string | null;
  variantNumber: number;
}

const pick = <T>(values: T[] | undefined, index: number): T | null => (values && values.length > 0 ? values[index % values.length]! : null);

export class InvalidAgeRangeError extends Error {
  constructor(readonly range: string) {
    super(`age range "${range}" is not of the form 18-25, 46+ or 30`);
  }
}

export function spreadVariations(audience: TargetAudience, count: number): Variation[] {
  const ranges = (audience.ageRanges ?? []).map((text) => {
    const range = parseAgeRange(text);
    if (!range) throw new InvalidAgeRangeError(text);
    return { text, ...range };
  });

  // How many personas fall into each range, then which concrete age each occurrence gets.
  const occurrences = ranges.map((_, r) => Math.floor(count / ranges.length) + (r < count % ranges.length ? 1 : 0));
  const agesByRange = ranges.map((range, r) => spreadAges(range.min, range.max, occurrences[r]!));
  const seen = ranges.map(() => 0);

  return Array.from({ length: count }, (_, i) => {
    const r = ranges.length > 0 ? i % ranges.length : -1;
    const age = r >= 0 ? agesByRange[r]![seen[r]!++]! : null;
    return {
      gender: pick(audience.genders, i),
      age,
      ageRange: r >= 0 ? ranges[r]!.text : null,
      region: pick(audience.regions, i),
      incomeLevel: pick(audience.incomeLevels, i),
      country: audience.country ?? null,
      variantNumber: i + 1,
    };
  });
}
