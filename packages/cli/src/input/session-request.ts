// The session a research run starts: products, language, and the panel (persona ids, or a target
// audience with a persona count), checked against the contract before anything is created.
import { StartFeedbackSessionRequest, type TargetAudience } from '@persona-lab/contracts';

import { UserError } from '../errors.js';
import { fieldProblems, formatProblems } from '../validation.js';

export interface PanelFlags {
  language: string;
  productId?: string[];
  personaId?: string[];
  personas?: number;
  gender?: string[];
  ageRange?: string[];
  region?: string[];
  income?: string[];
  country?: string;
  interest?: string[];
}

const FLAG_OF_FIELD: Record<string, string> = {
  productIds: '--product-id',
  personaIds: '--persona-id',
  personaCount: '--personas',
  language: '--language',
  'audience/genders': '--gender',
  'audience/ageRanges': '--age-range',
  'audience/regions': '--region',
  'audience/incomeLevels': '--income',
  'audience/country': '--country',
  'audience/psychographics/interests': '--interest',
};

function flagLabel(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  const index = /^\d+$/.test(parts.at(-1) ?? '') ? Number(parts.pop()) : undefined;
  const flag = FLAG_OF_FIELD[parts.join('/')] ?? parts.join('.');
  return index === undefined ? flag : `${flag} #${index + 1}`;
}

const AUDIENCE_FLAGS = '--gender, --age-range, --region, --income, --country, --interest';

function audienceFrom(flags: PanelFlags): TargetAudience | undefined {
  const audience: TargetAudience = {};
  if (flags.gender?.length) audience.genders = flags.gender.map((g) => g.toUpperCase()) as TargetAudience['genders'];
  if (flags.ageRange?.length) audience.ageRanges = flags.ageRange;
  if (flags.region?.length) audience.regions = flags.region;
  if (flags.income?.length) audience.incomeLevels = flags.income;
  if (flags.country !== undefined) audience.country = flags.country.toUpperCase();
  if (flags.interest?.length) audience.psychographics = { interests: flags.interest, values: [], traits: [] };
  return Object.keys(audience).length ? audience : undefined;
}

/** Stand-ins for the products still to be created, so the whole request is checked up front. */
const placeholderId = (i: number) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;

/**
 * The request without its product ids (products from flags or a file are created later), once the
 * flags have been checked: `newProducts` is how many products will be created.
 */
export function sessionRequestFromFlags(flags: PanelFlags, newProducts: number): Omit<StartFeedbackSessionRequest, 'productIds'> {
  const productIds = flags.productId ?? [];
  if (productIds.length + newProducts === 0) {
    throw new UserError('Name a product to study: --name/--description/--price/--category, --product-file, or --product-id');
  }
  const audience = audienceFrom(flags);
  const personaIds = flags.personaId?.length ? flags.personaId : undefined;
  let panel: Pick<StartFeedbackSessionRequest, 'personaIds' | 'audience' | 'personaCount'>;
  if (personaIds) {
    if (flags.personas !== undefined || audience)
      throw new UserError(`--persona-id cannot be combined with --personas or ${AUDIENCE_FLAGS}`);
    panel = { personaIds };
  } else if (flags.personas !== undefined) {
    panel = { audience: audience ?? {}, personaCount: flags.personas };
  } else if (audience) {
    throw new UserError(`--personas N is required with ${AUDIENCE_FLAGS}`);
  } else {
    throw new UserError(`Choose the panel: --personas N (optionally with ${AUDIENCE_FLAGS}), or --persona-id (repeatable)`);
  }

  const request = { language: flags.language, ...panel };
  const check = { productIds: [...productIds, ...Array.from({ length: newProducts }, (_, i) => placeholderId(i))], ...request };
  const problems = fieldProblems(StartFeedbackSessionRequest, check);
  if (problems.length) throw new UserError(`The session flags are not valid:\n${formatProblems(problems, flagLabel)}`);
  return request;
}
