// What the harness asks of the simulated panel: one persona per respondent, the concept the humans
// were asked about, a clearly worse version of it as the negative control, and the rule that puts
// the panel's 1–10 intent on the humans' 1–5 scale.
import type { Gender, PersonaGenerationRequest, ProductInput } from '@persona-lab/contracts';

import type { Respondent } from './gazpacho-survey.js';

/** The respondents were all in the United States. */
export const SURVEY_COUNTRY = 'US';

/**
 * The concept as TinyTroupe put it to its panel (examples/Bottled Gazpacho Market Research 4.ipynb).
 * The question named no price; 4.99 USD a bottle is an assumption, about what a chilled soup or a
 * premium vegetable juice costs in a US supermarket.
 */
export const GAZPACHO_CONCEPT: ProductInput = {
  name: 'Ready-to-drink bottled gazpacho',
  description:
    'Gazpacho is a cold, blended vegetable soup originally from Spain, made mainly with tomatoes, cucumbers, peppers, and olive oil. ' +
    'We are considering offering it ready to drink, in a bottle, at the supermarket near you.',
  price: '4.99',
  currency: 'USD',
  category: 'Food and beverages',
  keyFeatures: ['ready to drink from the bottle', 'tomatoes, cucumbers, peppers and olive oil', 'sold chilled at your local supermarket'],
};

/**
 * The same concept made clearly worse: six times the price, from concentrate with additives, sold
 * warm. Any panel that stands for consumers must rate it lower.
 */
export const GAZPACHO_NEGATIVE_CONTROL: ProductInput = {
  name: 'Bottled gazpacho drink from concentrate',
  description:
    'Gazpacho is a cold, blended vegetable soup originally from Spain, made mainly with tomatoes, cucumbers, peppers, and olive oil. ' +
    'This bottled version is made from tomato concentrate and dehydrated vegetables with added sugar, artificial flavouring and ' +
    'preservatives; it is sold unrefrigerated on the shelf, keeps for two years, and costs 29.99 USD for one 330 ml bottle.',
  price: '29.99',
  currency: 'USD',
  category: 'Food and beverages',
  keyFeatures: [
    'made from concentrate',
    'artificial flavouring and preservatives',
    'high in sodium and added sugar',
    'sold unrefrigerated',
  ],
};

const GENDER_OF: Record<string, Gender> = { male: 'MALE', female: 'FEMALE' };

/**
 * The persona generation for one respondent: their gender (the platform knows MALE and FEMALE
 * only, so a non-binary respondent's persona is generated without one and the notes say it), their
 * age range, the US, and their political affiliation and ethnicity as notes. The survey has no
 * region or income. Never their answer or explanation.
 */
export function personaRequestFor(respondent: Respondent): PersonaGenerationRequest {
  const gender = GENDER_OF[respondent.genderIdentity.trim().toLowerCase()];
  const notes = [
    `A survey respondent in the United States, aged ${respondent.ageRange}.`,
    gender ? undefined : `Gender identity: ${respondent.genderIdentity}.`,
    `Political affiliation: ${respondent.politicalAffiliation}.`,
    `Racial or ethnic identity: ${respondent.ethnicity}.`,
  ].filter(Boolean);
  return {
    count: 1,
    demographics: {
      ...(gender ? { gender } : {}),
      country: SURVEY_COUNTRY,
      minAge: respondent.minAge,
      maxAge: respondent.maxAge,
    },
    psychographics: { interests: [], values: [], traits: [], notes: notes.join(' ') },
  };
}

/**
 * The direct 1–10 purchase intent on the humans' 1–5 scale: ⌈intent / 2⌉, so each point of the
 * five-point scale takes two intents (1–2 → 1, 3–4 → 2, 5–6 → 3, 7–8 → 4, 9–10 → 5) and the
 * platform's likely buyers (intent ≥ 7) are exactly the top-2-box (4 or 5).
 */
export function intentOnFivePoints(intent: number): number {
  if (!Number.isInteger(intent) || intent < 1 || intent > 10) throw new RangeError(`intent ${intent} is not 1–10`);
  return Math.ceil(intent / 2);
}
