// Prompts of the persona operations: a batch from a structured request, one persona with a fixed
// name, and one persona's details with a variant number for diversity.
import { type Demographics, type Psychographics, spreadAges } from '@persona-lab/contracts';

import type { ChatMessage, Sampling } from '../../providers/types.js';
import { DATA_RULE, dataBlock } from './data-block.js';
import { countryLabel, genderLabel } from './labels.js';

export const PERSONA_SAMPLING: Sampling = { temperature: 0.7, top_p: 0.95, frequency_penalty: 0.2 };

export const DEFAULT_MIN_AGE = 18;
export const DEFAULT_MAX_AGE = 65;

export function formatAgeDistribution(ages: number[]): string {
  return ages.join(', ');
}

export function ageRangeOf(demographics: Partial<Demographics>): { minAge: number; maxAge: number } {
  return { minAge: demographics.minAge ?? DEFAULT_MIN_AGE, maxAge: demographics.maxAge ?? DEFAULT_MAX_AGE };
}

const PERSONA_FIELDS = `- "name" (string, required): the persona's full name
- "detailed_bio" (string, required): 4–6 sentences on age, occupation, location, household, daily life, interests and values
- "product_attitudes" (string, required): 2–4 sentences on how they discover, judge and buy products: price sensitivity, brand loyalty, what wins or loses them
- "gender" (string, optional): "female" or "male"
- "age" (integer, optional)
- "age_group" (string, optional), e.g. "25-34"
- "race" (string, optional)
- "country" (string, optional): ISO 3166-1 alpha-2 code of the country they live in, e.g. "DE"`;

/** Answers that contradict these are sent back (domain/persona-fidelity.ts), so the model is told first. */
const DEMOGRAPHICS_CHECK =
  'gender, age and country match the DEMOGRAPHICS: the requested gender, an age within the age range, the requested country';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** System prompt of batch generation: N personas in one JSON array. */
export function buildPersonaSystemPrompt(count: number): string {
  return `You are an expert consumer researcher who creates realistic, diverse synthetic consumer personas for market research.

CORE REQUIREMENTS
1. Create exactly ${plural(count, 'persona')} matching the DEMOGRAPHICS and PSYCHOGRAPHICS the user gives.
2. Each persona is a believable individual: a full name typical for their country, a concrete age, an occupation, a household, daily routines and shopping habits.
3. The personas are clearly different from each other: names, occupations, life situations, attitudes and voice.
4. Weave the requested interests, values and traits into every bio and attitude instead of just listing them.
5. Write everything in English, whatever the country.
6. No stereotypes or caricatures, and no real or famous people.
7. ${DATA_RULE}

OUTPUT FORMAT
Answer with ONLY a JSON array of exactly ${plural(count, 'object')}: no markdown code fences, no text before or after it. Each object has:
${PERSONA_FIELDS}

VALIDATION CHECKLIST (check before answering)
- The answer parses as JSON and is an array of exactly ${plural(count, 'object')}.
- Every object has non-empty "name", "detailed_bio" and "product_attitudes" strings.
- Every age is an integer that follows the requested age distribution.
- In every persona, ${DEMOGRAPHICS_CHECK}.
- No two personas share a name, an occupation or their wording.
- There is nothing outside the JSON array.`;
}

/** User text of a section as labelled lines in one data block, for the fields that were given. */
function userDataBlock(fields: [label: string, value: string | undefined][]): string {
  const given = fields.filter((field): field is [string, string] => field[1] !== undefined);
  return given.length > 0 ? `\n${dataBlock(given.map(([label, value]) => `${label}: ${value}`).join('\n'))}` : '';
}

const IN_DATA = 'given in the data block below';

function listOf(values: string[] | undefined): string | undefined {
  return values && values.length > 0 ? values.join(', ') : undefined;
}

// Region, income level, interests, values, traits and notes are user text: they appear only inside the
// section's data block, and every other line (and the requirements) refers to them by label.
function demographicsSection(demographics: Partial<Demographics>, ages: string): string {
  const { minAge, maxAge } = ageRangeOf(demographics);
  const lines = [
    `- Gender: ${genderLabel(demographics.gender) ?? 'any (mix genders)'}`,
    `- Country: ${demographics.country ? countryLabel(demographics.country) : 'any'}`,
    `- Region: ${demographics.region !== undefined ? IN_DATA : 'any region of the country'}`,
    `- Age range: ${minAge}-${maxAge}`,
    `- Age distribution: ${ages}`,
    `- Income level: ${demographics.incomeLevel !== undefined ? IN_DATA : 'any'}`,
  ];
  const data = userDataBlock([
    ['Region', demographics.region],
    ['Income level', demographics.incomeLevel],
  ]);
  return `DEMOGRAPHICS\n${lines.join('\n')}${data}`;
}

function psychographicsFields(psychographics: Partial<Psychographics> | undefined): [string, string | undefined][] {
  return [
    ['Interests', listOf(psychographics?.interests)],
    ['Values', listOf(psychographics?.values)],
    ['Traits', listOf(psychographics?.traits)],
    ['Notes', psychographics?.notes],
  ];
}

function psychographicsSection(psychographics: Partial<Psychographics> | undefined): string {
  const fields = psychographicsFields(psychographics);
  const lines = fields
    .filter(([label, value]) => label !== 'Notes' || value !== undefined)
    .map(([label, value]) => `- ${label}: ${value !== undefined ? IN_DATA : 'not specified'}`);
  return `PSYCHOGRAPHICS\n${lines.join('\n')}${userDataBlock(fields)}`;
}

function whereRequirement(demographics: Partial<Demographics>): string {
  const country = demographics.country ? countryLabel(demographics.country) : undefined;
  const region = demographics.region !== undefined ? 'the region given in the DEMOGRAPHICS data block' : undefined;
  if (country && region) return `Every persona lives in ${country}, in ${region}, and has a name typical for it.`;
  if (country ?? region) return `Every persona lives in ${country ?? region} and has a name typical for it.`;
  return 'Names fit where each persona lives.';
}

export interface PersonaPromptInput {
  count: number;
  demographics: Partial<Demographics>;
  psychographics?: Partial<Psychographics>;
}

/** User prompt of batch generation: DEMOGRAPHICS, PSYCHOGRAPHICS and CRITICAL REQUIREMENTS. */
export function buildPersonaUserPrompt(input: PersonaPromptInput): string {
  const { count, demographics, psychographics } = input;
  const { minAge, maxAge } = ageRangeOf(demographics);
  const ages = formatAgeDistribution(spreadAges(minAge, maxAge, count));
  const psychographicsGiven = psychographicsFields(psychographics).some(([, value]) => value !== undefined);
  const requirements = [
    `Exactly ${plural(count, 'persona')}, in one JSON array.`,
    count === 1 ? `Age: ${ages}.` : `Ages, one persona each, in this order: ${ages}.`,
    demographics.gender ? `Every persona is ${genderLabel(demographics.gender)}.` : 'Mix genders across the personas.',
    whereRequirement(demographics),
    demographics.incomeLevel !== undefined
      ? 'The income level given in the DEMOGRAPHICS data block shows in occupation, home and spending.'
      : 'Vary income levels realistically.',
    psychographicsGiven
      ? 'The interests, values, traits and notes given in the PSYCHOGRAPHICS data block shape each bio and each product attitude.'
      : 'Interests, values and traits shape each bio and each product attitude.',
    'Each persona is clearly different from the others.',
    'Only the JSON array: no markdown, no commentary.',
  ];
  return `Generate ${plural(count, 'consumer persona')} for market research.

${demographicsSection(demographics, ages)}

${psychographicsSection(psychographics)}

CRITICAL REQUIREMENTS
${requirements.map((line, i) => `${i + 1}. ${line}`).join('\n')}`;
}

/** `data` is user text the requirement refers to, appended as a section of its own. */
function singlePersonaSystemPrompt(extraRequirement: string, data = ''): string {
  return `You are an expert consumer researcher who creates one realistic synthetic consumer persona for market research.

CORE REQUIREMENTS
1. The persona matches the DEMOGRAPHICS and PSYCHOGRAPHICS the user gives.
2. ${extraRequirement}
3. A believable individual: concrete age, occupation, household, daily routines and shopping habits, shaped by the interests, values and traits.
4. Write everything in English, whatever the country.
5. No stereotypes or caricatures, and no real or famous people.
6. ${DATA_RULE}

OUTPUT FORMAT
Answer with ONLY one JSON object: no markdown code fences, no text before or after it. It has:
${PERSONA_FIELDS}

VALIDATION CHECKLIST (check before answering)
- The answer parses as one JSON object.
- "name", "detailed_bio" and "product_attitudes" are non-empty strings.
- The persona's ${DEMOGRAPHICS_CHECK}.
- There is nothing outside the JSON object.${data}`;
}

/**
 * One persona forced to carry a given name, so parallel calls with different names stay distinct.
 * The name is user text, so it sits in a NAME data block rather than in the requirement itself.
 */
export function buildFixedNameSystemPrompt(name: string): string {
  return singlePersonaSystemPrompt(
    'The persona\'s name is the one in the NAME data block at the end: use exactly this name as "name" (a family name may follow it), and let it fit the persona\'s background.',
    `\n\nNAME\n${dataBlock(name)}`,
  );
}

const VARIANT_ANGLES = [
  'an occupation outside the most typical one for this audience',
  'an unusual household or living situation',
  'a contrarian attitude toward brands and advertising',
  'a tight schedule that shapes every purchase',
  'a strong hobby that drives spending',
  'a recent life change (move, new job, child, retirement)',
  'a cautious, research-heavy way of buying',
  'an impulsive, trend-driven way of buying',
];

/** One persona's details; a variant number steers it away from the others of the same batch. */
export function buildPersonaDetailsSystemPrompt(variantNumber?: number): string {
  const diversity =
    variantNumber === undefined
      ? "Invent a fitting full name typical for the persona's country."
      : `This is variant #${variantNumber} of a batch generated from the same description: make this persona DISTINCTLY DIFFERENT from the others, for example with ${VARIANT_ANGLES[variantNumber % VARIANT_ANGLES.length]}. Invent a fitting full name typical for the persona's country.`;
  return singlePersonaSystemPrompt(diversity);
}

/** User prompt of the single-persona operations. */
export function buildSinglePersonaUserPrompt(
  demographics: Partial<Demographics>,
  psychographics: Partial<Psychographics> | undefined,
): string {
  const { minAge, maxAge } = ageRangeOf(demographics);
  const age = formatAgeDistribution(spreadAges(minAge, maxAge, 1));
  return `Generate one consumer persona for market research.

${demographicsSection(demographics, `around ${age}, anywhere in the range`)}

${psychographicsSection(psychographics)}

CRITICAL REQUIREMENTS
1. One persona, as one JSON object.
2. Age within ${minAge}-${maxAge}.
3. Only the JSON object: no markdown, no commentary.`;
}

export function personaMessages(system: string, user: string): ChatMessage[] {
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
