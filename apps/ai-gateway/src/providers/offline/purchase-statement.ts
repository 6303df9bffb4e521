// The offline persona's statement of how likely it is to buy, always in English (it is rated against
// English anchor statements, see prompts/feedback.ts): a verdict that follows the purchase intent it
// drew, then a reason from the same fit assessment the feedback text is written from. The wording is
// this provider's own and drawn per persona and product, so statements vary like real answers do.
import type { AiGenerateFeedbackRequest } from '@persona-lab/contracts';

import type { FitAssessment } from './feedback.js';
import type { ConcernKind } from './phrases.js';
import type { Random } from './random.js';

type Stance = 'against' | 'doubtful' | 'torn' | 'leaning' | 'keen';

/** Intent 1–10 in five steps of two, the way the statement's tone changes. */
export function stanceOf(intent: number): Stance {
  if (intent <= 2) return 'against';
  if (intent <= 4) return 'doubtful';
  if (intent <= 6) return 'torn';
  if (intent <= 8) return 'leaning';
  return 'keen';
}

export const VERDICTS: Record<Stance, readonly string[]> = {
  against: [
    '{product} is a clear pass for me.',
    'I cannot picture myself paying for {product}.',
    'There is no way {product} ends up in my basket.',
    'I will not be spending my money on {product}.',
  ],
  doubtful: [
    'I doubt I would end up paying for {product}.',
    'Chances are I would leave {product} on the shelf.',
    'I lean towards skipping {product} for now.',
    'It would take a lot to get me to pay for {product}.',
  ],
  torn: [
    'I keep going back and forth on {product}.',
    '{product} tempts me a little, but I would want to think it over first.',
    'I am in two minds about paying for {product}.',
    'Whether I get {product} really depends on the details.',
  ],
  leaning: [
    'There is a good chance I pick up {product} soon.',
    'I am inclined to order {product}.',
    '{product} is close to the top of my shopping list.',
    'I can see myself paying for {product} before long.',
  ],
  keen: [
    'I am ready to order {product} straight away.',
    '{product} is going right into my basket.',
    'I would not hesitate to pay for {product}.',
    'Count me in: I want {product} as soon as it is available.',
  ],
};

const FOR_REASONS = {
  fits: ['it suits the way I actually live', 'it matches what I care about', 'it would earn its place in my routine'],
  price: ['{price} feels like a fair price to me', 'the price of {price} sits comfortably in my budget'],
  feature: ['what I like is the {feature}', '{feature} is exactly the kind of thing I look for'],
};

/** The main concern as a clause of the persona's own reasoning. */
const CONCERN_REASONS: Record<ConcernKind, string> = {
  price: 'it costs more than I want to spend',
  value: 'I am not convinced it is worth the money',
  relevance: 'I am not sure I would really use it',
  durability: 'I cannot tell how long it would last',
  privacy: 'I worry about what happens to my data',
  subscription: 'I do not want another ongoing payment',
  compatibility: 'it may not work with what I already own',
  learning: 'it looks fiddly to set up',
  sustainability: 'its environmental impact is unclear to me',
  trust: 'I have never heard of the brand',
  support: 'I do not know what the warranty covers',
};

const AGAINST_REASONS = {
  misfit: ['I do not see a real use for it in my life', 'it is not made for someone like me'],
  price: ['{price} is more than I want to pay', 'at {price} it costs too much for me'],
};

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

const upperFirst = (text: string) => text.replace(/^./, (c) => c.toUpperCase());

/** Why the persona would buy: the best thing the fit assessment found, or nothing to say. */
function reasonFor(fit: FitAssessment, values: Record<string, string>, random: Random): string | undefined {
  const options: string[] = [];
  if (fit.relevance > 0) options.push(...FOR_REASONS.fits);
  if (fit.priceFit > 0) options.push(...FOR_REASONS.price);
  if (values.feature) options.push(...FOR_REASONS.feature);
  return options.length > 0 ? fill(random.pick(options), values) : undefined;
}

/** What holds the persona back: its main concern, or the misfit or price behind it. */
function reasonAgainst(fit: FitAssessment, concern: ConcernKind | undefined, values: Record<string, string>, random: Random): string {
  if (fit.priceFit < 0 && random.chance(0.5)) return fill(random.pick(AGAINST_REASONS.price), values);
  if (fit.relevance < 0 && random.chance(0.5)) return random.pick(AGAINST_REASONS.misfit);
  if (concern) return CONCERN_REASONS[concern];
  return random.pick(AGAINST_REASONS.misfit);
}

export interface StatementInput {
  request: AiGenerateFeedbackRequest;
  fit: FitAssessment;
  intent: number;
  /** The persona's concerns, most important first. */
  concerns: ConcernKind[];
  price: string;
}

/** One or two English sentences whose verdict matches `intent` and whose reason comes from the fit. */
export function writePurchaseStatement(input: StatementInput, random: Random): string {
  const { request, fit, intent, concerns, price } = input;
  const stance = stanceOf(intent);
  const feature = request.product.keyFeatures.length > 0 ? random.pick(request.product.keyFeatures) : '';
  const values = { product: request.product.name, price, feature };
  const verdict = fill(random.pick(VERDICTS[stance]), values);
  const pro = reasonFor(fit, values, random);
  const con = reasonAgainst(fit, concerns[0], values, random);

  let reason: string | undefined;
  if (stance === 'keen') reason = pro && upperFirst(`${pro}.`);
  else if (stance === 'leaning') reason = pro ? upperFirst(`${pro}, even if ${con}.`) : upperFirst(`${con}, but that would not stop me.`);
  else if (stance === 'torn') reason = pro ? upperFirst(`${pro}, but ${con}.`) : upperFirst(`${con}.`);
  else reason = upperFirst(`${con}.`);
  return reason ? `${verdict} ${reason}` : verdict;
}
