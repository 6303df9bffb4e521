// From the new-study form's fields to the contract's StartFeedbackSessionRequest, checked against the
// contract's own schema, with each problem under the field path the API would name.
import {
  SESSION_MAX_PERSONAS,
  SESSION_MAX_PRODUCTS,
  StartFeedbackSessionRequest as RequestSchema,
  type StartFeedbackSessionRequest,
  type TargetAudience,
} from '@persona-lab/contracts';
import { Value } from 'typebox/value';

export interface StudyFormValues {
  productIds: string[];
  mode: 'audience' | 'personas';
  personaIds: string[];
  personaCount: number;
  genders: ('FEMALE' | 'MALE')[];
  ageRanges: string;
  country: string;
  regions: string;
  incomeLevels: string;
  interests: string;
  values: string;
  traits: string;
  language: string;
}

export const emptyStudyForm: StudyFormValues = {
  productIds: [],
  mode: 'audience',
  personaIds: [],
  personaCount: 6,
  genders: ['FEMALE', 'MALE'],
  ageRanges: '18-25, 26-35, 36-45, 46+',
  country: '',
  regions: '',
  incomeLevels: '',
  interests: '',
  values: '',
  traits: '',
  language: 'en',
};

const listOf = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function audienceOf(values: StudyFormValues): TargetAudience {
  const psychographics = { interests: listOf(values.interests), values: listOf(values.values), traits: listOf(values.traits) };
  const has = (list: string[]) => list.length > 0;
  return {
    ...(has(values.genders) ? { genders: values.genders } : {}),
    ...(has(listOf(values.ageRanges)) ? { ageRanges: listOf(values.ageRanges) } : {}),
    ...(values.country.trim() ? { country: values.country.trim().toUpperCase() } : {}),
    ...(has(listOf(values.regions)) ? { regions: listOf(values.regions) } : {}),
    ...(has(listOf(values.incomeLevels)) ? { incomeLevels: listOf(values.incomeLevels) } : {}),
    ...(Object.values(psychographics).some(has) ? { psychographics } : {}),
  };
}

export function requestOf(values: StudyFormValues): StartFeedbackSessionRequest {
  const common = { productIds: values.productIds, language: values.language };
  return values.mode === 'personas'
    ? { ...common, personaIds: values.personaIds }
    : { ...common, audience: audienceOf(values), personaCount: values.personaCount };
}

/** Field path (body/productIds, body/audience/ageRanges, …) → message; empty when the request is valid. */
export function validateStudy(request: StartFeedbackSessionRequest): Record<string, string> {
  const errors: Record<string, string> = {};
  const add = (field: string, message: string) => {
    if (!(field in errors)) errors[field] = message;
  };
  if (request.productIds.length === 0) add('body/productIds', 'Choose at least one product');
  if (request.personaIds?.length === 0) add('body/personaIds', 'Choose at least one persona');
  for (const error of Value.Errors(RequestSchema, request)) {
    // Up to the list a wrong item belongs to: body/audience/ageRanges/2 is shown at the age ranges.
    const parts = error.instancePath.split('/').filter(Boolean);
    const field = ['body', ...parts.filter((part) => !/^\d+$/.test(part)).slice(0, 2)].join('/');
    add(field, messageFor(field, error.message));
  }
  return errors;
}

const MESSAGES: Record<string, string> = {
  'body/productIds': `Choose between 1 and ${SESSION_MAX_PRODUCTS} products`,
  'body/personaIds': `Choose between 1 and ${SESSION_MAX_PERSONAS.toLocaleString('en')} personas`,
  'body/personaCount': `A panel of 1 to ${SESSION_MAX_PERSONAS.toLocaleString('en')} personas`,
  'body/language': 'A two-letter language code such as en',
  'body/audience/ageRanges': 'Age ranges such as 18-25, 26-35 or 46+',
  'body/audience/country': 'A two-letter country code such as DE',
};

const messageFor = (field: string, fallback: string) => MESSAGES[field] ?? fallback;
