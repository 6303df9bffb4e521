// What a persona is generated from (demographics and psychographics) and what the model made of it:
// the one mapping each way between those shapes and the persona's columns.
import { type Demographics, type Gender, genderOf, type GeneratedPersona, type Psychographics } from '@persona-lab/contracts';
import type { PersonaModel, Prisma } from '@persona-lab/db';
import { fieldError } from '@persona-lab/service-kit';

export const DEFAULT_MIN_AGE = 18;
export const DEFAULT_MAX_AGE = 65;

/** Demographics with the age range always present. */
export type PersonaDemographics = Demographics & { minAge: number; maxAge: number };

export interface PersonaSource {
  demographics: PersonaDemographics;
  psychographics: Psychographics;
}

/** Applies the defaults and the cross-field rule the schema cannot express (minAge ≤ maxAge). */
export function personaSourceOf(request: {
  demographics?: Partial<Demographics>;
  psychographics?: Partial<Psychographics>;
}): PersonaSource {
  const demographics = {
    ...request.demographics,
    minAge: request.demographics?.minAge ?? DEFAULT_MIN_AGE,
    maxAge: request.demographics?.maxAge ?? DEFAULT_MAX_AGE,
  };
  if (demographics.minAge > demographics.maxAge) {
    throw fieldError('body/demographics/minAge', `must not be greater than maxAge (${demographics.minAge} > ${demographics.maxAge})`);
  }
  return { demographics, psychographics: psychographicsOf(request.psychographics) };
}

export function psychographicsOf(psychographics: Partial<Psychographics> | undefined): Psychographics {
  return {
    interests: psychographics?.interests ?? [],
    values: psychographics?.values ?? [],
    traits: psychographics?.traits ?? [],
    ...(psychographics?.notes ? { notes: psychographics.notes } : {}),
  };
}

export function psychographicsColumns(psychographics: Psychographics) {
  return {
    interests: psychographics.interests,
    values: psychographics.values,
    traits: psychographics.traits,
    psychographicsNotes: psychographics.notes ?? null,
  } satisfies Partial<Prisma.PersonaCreateManyInput>;
}

/** The columns that record what a persona was generated from. */
export function sourceColumns(source: PersonaSource) {
  const { demographics, psychographics } = source;
  return {
    country: demographics.country ?? null,
    region: demographics.region ?? null,
    incomeLevel: demographics.incomeLevel ?? null,
    ...psychographicsColumns(psychographics),
  } satisfies Partial<Prisma.PersonaCreateManyInput>;
}

/** "female", "Woman", "F", "she/her" → FEMALE, so stored genders compare with requested ones; anything else is kept as said. */
export function normaliseGender(gender: string | null | undefined): string | null {
  const text = gender?.trim();
  if (!text) return null;
  return genderOf(text) ?? text;
}

/**
 * The gender to store: the requested one whenever one was requested (the gateway only accepts an
 * answer that agrees with it, in whatever spelling, so the request's value is the canonical one),
 * otherwise what the model said, normalised.
 */
export function genderToStore(requested: Gender | null | undefined, generated: GeneratedPersona): string | null {
  return requested ?? normaliseGender(generated.gender);
}

const isGender = (value: string | null): value is Gender => value === 'MALE' || value === 'FEMALE';

/**
 * What a stored GENERATING persona asks the model for: its own gender and concrete age (set when it
 * was queued) pin the demographics; the rest comes from the columns.
 */
/** The columns a persona is generated from. */
export type PersonaSourceRow = Pick<
  PersonaModel,
  'gender' | 'age' | 'country' | 'region' | 'incomeLevel' | 'interests' | 'values' | 'traits' | 'psychographicsNotes'
>;

export function personaSourceOfRow(row: PersonaSourceRow): PersonaSource {
  const demographics: PersonaDemographics = {
    minAge: row.age ?? DEFAULT_MIN_AGE,
    maxAge: row.age ?? DEFAULT_MAX_AGE,
    ...(isGender(row.gender) ? { gender: row.gender } : {}),
    ...(row.country ? { country: row.country } : {}),
    ...(row.region ? { region: row.region } : {}),
    ...(row.incomeLevel ? { incomeLevel: row.incomeLevel } : {}),
  };
  const psychographics: Psychographics = {
    interests: row.interests,
    values: row.values,
    traits: row.traits,
    ...(row.psychographicsNotes ? { notes: row.psychographicsNotes } : {}),
  };
  return { demographics, psychographics };
}

/** Why the model's persona cannot be stored (a required field is blank), or null when it can. */
export function missingRequiredFields(generated: GeneratedPersona): string | null {
  const blank = (
    [
      ['name', generated.name],
      ['detailed bio', generated.detailed_bio],
      ['product attitudes', generated.product_attitudes],
    ] as const
  )
    .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
    .map(([field]) => field);
  return blank.length === 0 ? null : `the model's persona has no ${blank.join(', ')}`;
}

/** The model's persona as columns. */
export function generatedColumns(generated: GeneratedPersona) {
  return {
    name: generated.name.trim(),
    detailedBio: generated.detailed_bio.trim(),
    productAttitudes: generated.product_attitudes.trim(),
    gender: normaliseGender(generated.gender),
    age: generated.age ?? null,
    ageGroup: generated.age_group?.trim() || null,
    race: generated.race?.trim() || null,
  };
}
