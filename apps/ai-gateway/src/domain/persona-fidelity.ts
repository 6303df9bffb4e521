// Whether a generated persona is the one that was asked for: the requested gender (in whatever
// spelling the model used), an age within the requested range, and the requested country when the
// answer states one. A persona that contradicts the request is an unusable answer like malformed
// JSON: the reason goes back to the model, and the last contradicting answer fails the operation.
// Reasons quote only the requested codes and numbers (never user text), since they are sent back
// outside the prompt's data blocks.
import { type Demographics, genderOf, GeneratedPersona } from '@persona-lab/contracts';
import { type Static, Type } from 'typebox';

import { countryLabel, genderLabel } from './prompts/labels.js';
import { ageRangeOf } from './prompts/persona.js';

/**
 * A persona as the gateway reads it from the model: the contract's fields plus the country the model
 * may state, which is checked and then dropped (the stored country comes from the request).
 */
export const StatedPersona = Type.Object({
  ...GeneratedPersona.properties,
  country: Type.Optional(Type.String({ maxLength: 100 })),
});
export type StatedPersona = Static<typeof StatedPersona>;

const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  america: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u.k.': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  russia: 'RU',
  'south korea': 'KR',
  korea: 'KR',
  turkey: 'TR',
  'czech republic': 'CZ',
};

let countryNames: Map<string, string> | undefined;

/** English country names → ISO 3166-1 alpha-2, from Intl, built once on first use. */
function countryNameIndex(): Map<string, string> {
  if (countryNames) return countryNames;
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const index = new Map(Object.entries(COUNTRY_ALIASES));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      const name = names.of(code);
      if (name && name !== code) index.set(name.toLowerCase(), code);
    }
  }
  countryNames = index;
  return index;
}

/**
 * The country a stated location names: an ISO code, an English country name or a common alias, as
 * the whole value or its last comma-separated part ("Munich, Germany"); undefined when it names none
 * this list knows, which is not held against the answer. Only whole names count, so "New Mexico"
 * is not Mexico.
 */
export function countryCodeOf(text: string): string | undefined {
  const last = text.split(',').at(-1)?.trim() ?? '';
  for (const candidate of [text.trim(), last]) {
    if (/^[A-Za-z]{2}$/.test(candidate)) return candidate.toUpperCase();
    const code = countryNameIndex().get(candidate.toLowerCase().replace(/^the /, ''));
    if (code) return code;
  }
  return undefined;
}

/** What in this persona contradicts the requested demographics, field by field; empty when nothing does. */
export function contradictions(persona: StatedPersona, demographics: Partial<Demographics>): string[] {
  const problems: string[] = [];
  if (demographics.gender && persona.gender !== undefined && genderOf(persona.gender) !== demographics.gender) {
    problems.push(`"gender" must be ${genderLabel(demographics.gender)}, as requested`);
  }
  const { minAge, maxAge } = ageRangeOf(demographics);
  if (persona.age !== undefined && (persona.age < minAge || persona.age > maxAge)) {
    problems.push(`"age" is ${persona.age}, outside the requested range ${minAge}-${maxAge}`);
  }
  if (demographics.country && persona.country !== undefined) {
    const stated = countryCodeOf(persona.country);
    if (stated !== undefined && stated !== demographics.country) {
      problems.push(`"country" must be ${countryLabel(demographics.country)}, as requested`);
    }
  }
  return problems;
}

/** The persona as the contract has it: the stated country is not part of it. */
export function withoutStatedCountry(persona: StatedPersona): GeneratedPersona {
  const { country: _, ...generated } = persona;
  return generated;
}
