// Human-readable names for codes that go into prompts.
const regions = new Intl.DisplayNames(['en'], { type: 'region' });
const languages = new Intl.DisplayNames(['en'], { type: 'language' });

/** "DE" → "Germany (DE)"; an unknown code stays as it is. */
export function countryLabel(code: string): string {
  const upper = code.toUpperCase();
  try {
    const name = regions.of(upper);
    return name && name !== upper ? `${name} (${upper})` : upper;
  } catch {
    return upper;
  }
}

/** "ru" → "Russian"; an unknown code stays as it is. */
export function languageName(code: string): string {
  const lower = code.toLowerCase();
  try {
    return languages.of(lower) ?? lower;
  } catch {
    return lower;
  }
}

/** "MALE" → "male". */
export function genderLabel(gender: string | undefined): string | undefined {
  return gender?.toLowerCase();
}
