// Human-readable names for codes that go into prompts.
const regions = new Intl.DisplayNames(['en'], { type: 'region' });
const languages = new Intl.DisplayNames(['en'], { type: 'language' });

/** Intl lookups are slow next to the rest of a call, and there are few distinct codes. */
function cached(lookup: (code: string) => string): (code: string) => string {
  const cache = new Map<string, string>();
  return (code) => {
    let label = cache.get(code);
    if (label === undefined) {
      label = lookup(code);
      cache.set(code, label);
    }
    return label;
  };
}

/** "DE" → "Germany (DE)"; an unknown code stays as it is. */
export const countryLabel = cached((code) => {
  const upper = code.toUpperCase();
  try {
    const name = regions.of(upper);
    return name && name !== upper ? `${name} (${upper})` : upper;
  } catch {
    return upper;
  }
});

/** "ru" → "Russian"; an unknown code stays as it is. */
export const languageName = cached((code) => {
  const lower = code.toLowerCase();
  try {
    return languages.of(lower) ?? lower;
  } catch {
    return lower;
  }
});

/** "MALE" → "male". */
export function genderLabel(gender: string | undefined): string | undefined {
  return gender?.toLowerCase();
}
