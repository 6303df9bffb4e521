// Offline personas: built from the request itself (country, gender, ages, income, interests,
// values, traits) with seeded choices, so they are plausible, varied and repeatable.
import { type Demographics, type GeneratedPersona, type Psychographics, spreadAges } from '@persona-lab/contracts';

import { countryLabel } from '../../domain/prompts/labels.js';
import { ageRangeOf } from '../../domain/prompts/persona.js';
import { allFullNames, fullName, namesOf, type Sex, sexOfName } from './names.js';
import type { Random } from './random.js';

type Income = 'low' | 'middle' | 'high';

export interface PersonaSource {
  demographics: Partial<Demographics>;
  psychographics?: Partial<Psychographics>;
}

export function incomeOf(level: string | undefined): Income {
  const text = level?.toLowerCase() ?? '';
  if (/low|budget|modest|poor|under|minimum/.test(text)) return 'low';
  if (/high|affluent|upper|wealthy|rich|premium|top/.test(text)) return 'high';
  return 'middle';
}

function sexOf(gender: string | undefined): Sex | undefined {
  const text = gender?.toLowerCase();
  if (text === 'male' || text === 'm' || text === 'man') return 'male';
  if (text === 'female' || text === 'f' || text === 'woman') return 'female';
  return undefined;
}

export function ageGroupOf(age: number): string {
  if (age < 18) return 'under 18';
  if (age < 25) return '18-24';
  if (age >= 65) return '65+';
  const low = Math.floor((age - 5) / 10) * 10 + 5;
  return `${low}-${low + 9}`;
}

const OCCUPATIONS: Record<Income, readonly string[]> = {
  low: [
    'warehouse associate',
    'retail cashier',
    'delivery driver',
    'care assistant',
    'call-centre agent',
    'line cook',
    'cleaner at a hotel',
    'security guard',
  ],
  middle: [
    'primary-school teacher',
    'registered nurse',
    'logistics coordinator',
    'accountant',
    'electrician',
    'marketing specialist',
    'IT support engineer',
    'physiotherapist',
    'bank clerk',
  ],
  high: [
    'software architect',
    'corporate lawyer',
    'surgeon',
    'product director',
    'investment analyst',
    'owner of a small design studio',
    'management consultant',
    'university professor',
  ],
};

/** What they do, as a verb phrase: "works as a nurse", "is retired after years as a nurse". */
function workOf(age: number, income: Income, random: Random): string {
  if (age < 23) {
    return random.pick([
      'studies at university and works part-time in a café',
      'is training as an electrician',
      'studies and works weekend shifts in retail',
    ]);
  }
  const occupation = random.pick(OCCUPATIONS[income]);
  const article = /^[aeiou]/i.test(occupation) ? 'an' : 'a';
  if (age >= 67) return `is retired after years as ${article} ${occupation}`;
  return `works as ${article} ${occupation}`;
}

function householdOf(age: number, their: string, random: Random): string {
  return pickHousehold(age, random).replace(/\{their\}/g, their);
}

function pickHousehold(age: number, random: Random): string {
  if (age < 27)
    return random.pick([
      'shares a rented flat with two friends',
      'still lives with {their} parents to save money',
      'lives alone in a small studio',
    ]);
  if (age < 40)
    return random.pick([
      'lives with {their} partner and a toddler',
      'lives with {their} partner in a rented apartment',
      'is a single parent of a primary-school child',
      'lives alone and travels often',
    ]);
  if (age < 60)
    return random.pick([
      'is married with two teenagers',
      'lives with {their} partner; the kids have just left home',
      'is divorced and shares custody of a child',
      'looks after an elderly parent at home',
    ]);
  return random.pick([
    'lives with {their} spouse in the family home',
    'lives alone and sees the grandchildren every weekend',
    'moved to a smaller flat after retiring',
  ]);
}

const DEFAULT_INTERESTS = [
  'cooking',
  'football',
  'gardening',
  'podcasts',
  'travel',
  'home improvement',
  'running',
  'board games',
  'photography',
  'reading crime novels',
];
const DEFAULT_VALUES = ['family', 'reliability', 'independence', 'honesty', 'security', 'community'];
const DEFAULT_TRAITS = ['practical', 'curious', 'sociable', 'cautious', 'organised', 'easy-going', 'ambitious'];

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function chosen(given: readonly string[] | undefined, fallback: readonly string[], count: number, random: Random): string[] {
  const pool = given && given.length > 0 ? given : fallback;
  return random.sample(pool, count).map((item) => item.toLowerCase());
}

function priceAttitude(income: Income, random: Random): string {
  const byIncome: Record<Income, readonly string[]> = {
    low: [
      'Watches every price, compares options and waits for discounts; rarely pays extra for a brand name.',
      'Shops on a tight budget: looks for deals, buys store brands and avoids anything with ongoing costs.',
    ],
    middle: [
      'Will pay a little more for quality that lasts, but checks reviews and compares prices first.',
      'Looks for good value for money rather than the cheapest option, and waits for sales on bigger purchases.',
    ],
    high: [
      'Happy to pay for premium quality and convenience; price matters less than how well something works.',
      'Buys the best option they can find and sees good products as an investment rather than a cost.',
    ],
  };
  return random.pick(byIncome[income]);
}

function discoveryAttitude(age: number, random: Random): string {
  if (age < 30)
    return random.pick([
      'Discovers products on social media and short videos, and trusts creators who show real use.',
      'Follows recommendations from friends and online communities more than advertising.',
    ]);
  if (age < 55)
    return random.pick([
      'Reads reviews and comparison sites before buying anything significant.',
      'Asks friends and colleagues and reads reviews before committing.',
    ]);
  return random.pick([
    'Prefers advice in a shop and word of mouth from people they know.',
    'Sticks to brands that have served them well and distrusts flashy advertising.',
  ]);
}

const VALUE_ATTITUDES: [RegExp, string][] = [
  [/sustain|eco|environment|green|planet|nature/, 'Prefers sustainable, low-waste products and distrusts greenwashing.'],
  [/family|children|kids/, "Buys with the whole family's needs and safety in mind."],
  [/health|fitness|wellbeing|well-being/, 'Pays attention to health effects and ingredients.'],
  [/tech|innovation|gadget|digital/, 'Likes trying new technology early and enjoys smart features.'],
  [/tradition|loyal|heritage/, 'Stays loyal to brands that have earned their trust.'],
  [/convenien|time|busy/, 'Values anything that saves time and hassle.'],
  [/quality|craft/, 'Notices build quality and expects things to last for years.'],
  [/security|privacy|safety/, 'Is wary of products that collect personal data.'],
];

function valueAttitudes(words: readonly string[]): string[] {
  const text = words.join(' ').toLowerCase();
  return VALUE_ATTITUDES.filter(([pattern]) => pattern.test(text))
    .map(([, sentence]) => sentence)
    .slice(0, 2);
}

function pronounsOf(sex: Sex): { they: string; their: string; them: string } {
  return sex === 'male' ? { they: 'He', their: 'his', them: 'him' } : { they: 'She', their: 'her', them: 'her' };
}

interface PersonaParts {
  name: string;
  sex: Sex;
  age: number;
}

function describePersona(source: PersonaSource, parts: PersonaParts, random: Random): GeneratedPersona {
  const { demographics, psychographics } = source;
  const { name, sex, age } = parts;
  const income = incomeOf(demographics.incomeLevel);
  const pronoun = pronounsOf(sex);
  const place = [demographics.region, demographics.country ? countryLabel(demographics.country).replace(/ \([A-Z]{2}\)$/, '') : undefined]
    .filter(Boolean)
    .join(', ');
  const interests = chosen(psychographics?.interests, DEFAULT_INTERESTS, 3, random);
  const values = chosen(psychographics?.values, DEFAULT_VALUES, 2, random);
  const traits = chosen(psychographics?.traits, DEFAULT_TRAITS, 2, random);

  const capitalised = (text: string) => text.replace(/^./, (c) => c.toUpperCase());
  const bio = [
    `${name} is ${age} and lives in ${place || 'a mid-sized town'}.`,
    `${pronoun.they} ${workOf(age, income, random)}, and ${householdOf(age, pronoun.their, random)}.`,
    demographics.incomeLevel
      ? `${capitalised(pronoun.their)} household gets by on a ${demographics.incomeLevel.toLowerCase()} income.`
      : undefined,
    random.pick([
      `In ${pronoun.their} free time ${name} is into ${listOf(interests)}.`,
      `Most evenings and weekends go to ${listOf(interests)}.`,
    ]),
    random.pick([
      `${pronoun.they} cares most about ${listOf(values)}, and friends describe ${pronoun.them} as ${listOf(traits)}.`,
      `${capitalised(listOf(values))} guide ${pronoun.their} decisions; people who know ${pronoun.them} call ${pronoun.them} ${listOf(traits)}.`,
    ]),
  ]
    .filter(Boolean)
    .join(' ');

  const attitudes = [
    priceAttitude(income, random),
    ...valueAttitudes([...values, ...interests, ...traits]),
    discoveryAttitude(age, random),
  ].join(' ');

  return { name, detailed_bio: bio, product_attitudes: attitudes, gender: sex, age, age_group: ageGroupOf(age) };
}

function sexesFor(gender: string | undefined, count: number, random: Random): Sex[] {
  const fixed = sexOf(gender);
  if (fixed) return Array.from({ length: count }, () => fixed);
  const start: Sex = random.chance(0.5) ? 'female' : 'male';
  return Array.from({ length: count }, (_, i) => ((i % 2 === 0) === (start === 'female') ? 'female' : 'male'));
}

/**
 * Distinct full names for the given sexes: different given names and family names while the lists
 * allow, then repeats of one or the other, never of both.
 */
function distinctNames(country: string | undefined, sexes: Sex[], random: Random): string[] {
  const names = namesOf(country);
  const candidates = {
    male: random.sample(names.male, names.male.length),
    female: random.sample(names.female, names.female.length),
  };
  const families = random.sample(names.family, names.family.length);
  const usedGiven = new Set<string>();
  const usedFamily = new Set<string>();
  const usedFull = new Set<string>();
  const pickFor = (sex: Sex): string => {
    for (const strict of [2, 1, 0]) {
      for (const given of candidates[sex]) {
        for (const family of families) {
          const full = fullName(country, sex, given, family);
          const fresh = (usedGiven.has(given) ? 0 : 1) + (usedFamily.has(family) ? 0 : 1);
          if (usedFull.has(full) || fresh < strict) continue;
          usedGiven.add(given);
          usedFamily.add(family);
          usedFull.add(full);
          return full;
        }
      }
    }
    throw new Error('ran out of names');
  };
  return sexes.map(pickFor);
}

/** N personas with distinct names and ages spread over the requested range. */
export function simulatePersonas(source: PersonaSource, count: number, random: Random): GeneratedPersona[] {
  const { minAge, maxAge } = ageRangeOf(source.demographics);
  const ages = spreadAges(minAge, maxAge, count);
  const sexes = sexesFor(source.demographics.gender, count, random);
  const names = distinctNames(source.demographics.country, sexes, random);
  return sexes.map((sex, i) => describePersona(source, { name: names[i] as string, sex, age: ages[i] as number }, random));
}

/** One persona; `name` forces its name, otherwise one fitting the country and gender is drawn. */
export function simulatePersona(source: PersonaSource, random: Random, name?: string): GeneratedPersona {
  const { minAge, maxAge } = ageRangeOf(source.demographics);
  const age = random.int(Math.min(minAge, maxAge), Math.max(minAge, maxAge));
  const sex = sexOf(source.demographics.gender) ?? (name ? sexOfName(name) : undefined) ?? (random.chance(0.5) ? 'female' : 'male');
  const chosenName = name ?? random.pick(allFullNames(source.demographics.country, sex));
  return describePersona(source, { name: chosenName, sex, age }, random);
}
