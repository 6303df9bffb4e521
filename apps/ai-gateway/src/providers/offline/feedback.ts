// Offline feedback: purchase intent follows how well the product fits the persona (price against
// their price sensitivity, overlap between what they care about and what the product offers),
// and the text and concerns are written in the requested language; the purchase statement is always
// in English.
import type { AiGenerateFeedbackRequest, GeneratedFeedback } from '@persona-lab/contracts';

import { type ConcernKind, type Language, type Phrases, phrasesFor } from './phrases.js';
import { writePurchaseStatement } from './purchase-statement.js';
import type { Random } from './random.js';

type PriceBand = 'low' | 'moderate' | 'high' | 'veryHigh';
type Sensitivity = 'sensitive' | 'neutral' | 'tolerant';

const SENSITIVE =
  /budget|discount|deal|cheap|afford|price-sensitive|every price|frugal|saving|save money|tight|low income|store brands|sales/gi;
const TOLERANT = /premium|luxury|price matters less|willing to pay|high-end|affluent|investment|happy to pay|the best option|high income/gi;
const ECO = /sustainab|eco|environment|recycl|organic|low-waste|green|planet/i;
const DATA_HUNGRY = /\bapp\b|smart|cloud|account|camera|track|sensor|\bai\b|connected|online/i;
const DEVICE = /\bapp\b|bluetooth|wi-?fi|ios|android|device|smart|usb|compatible/i;
const SUBSCRIPTION = /subscription|monthly|per month|membership|plan\b/i;
const COMPLEX = /setup|set up|configur|install|advanced|professional|modular|program/i;

const STOPWORDS = new Set(
  'about after again also always because before being between both could does doing during each every from have having into just like made make more most much only other over same should some such than that their them then there these they this those through under very what when where which while with would your years year lives life most family friends people'.split(
    ' ',
  ),
);

function stems(text: string): Set<string> {
  const words = text.toLowerCase().match(/\p{L}{4,}/gu) ?? [];
  return new Set(words.filter((word) => !STOPWORDS.has(word)).map((word) => word.slice(0, 5)));
}

function sensitivityOf(text: string): Sensitivity {
  const score = (text.match(SENSITIVE)?.length ?? 0) - (text.match(TOLERANT)?.length ?? 0);
  return score > 0 ? 'sensitive' : score < 0 ? 'tolerant' : 'neutral';
}

/**
 * Rough units per US dollar, only so that the price bands below mean about the same in any currency
 * (19 900 KRW is not a luxury). Coarse on purpose; a currency not listed is taken as dollar-like.
 */
const UNITS_PER_USD: Record<string, number> = {
  JPY: 150,
  KRW: 1_350,
  CNY: 7,
  INR: 85,
  RUB: 90,
  BRL: 5,
  MXN: 18,
  ZAR: 18,
  TRY: 35,
  NGN: 1_500,
  SEK: 10,
  NOK: 10,
  DKK: 7,
  PLN: 4,
  CZK: 23,
  HUF: 360,
  CAD: 1.4,
  AUD: 1.5,
};

function priceBandOf(amount: number, currency: string): PriceBand {
  const price = amount / (UNITS_PER_USD[currency] ?? 1);
  if (price < 25) return 'low';
  if (price < 120) return 'moderate';
  if (price < 500) return 'high';
  return 'veryHigh';
}

const PRICE_FIT: Record<Sensitivity, Record<PriceBand, number>> = {
  sensitive: { low: 2, moderate: 0, high: -2, veryHigh: -3 },
  neutral: { low: 1, moderate: 1, high: -1, veryHigh: -2 },
  tolerant: { low: 0, moderate: 1, high: 1, veryHigh: 0 },
};

export interface FitAssessment {
  priceFit: number;
  relevance: number;
  valueFit: number;
  band: PriceBand;
  sensitivity: Sensitivity;
}

/** How well the product suits the persona, from their own words and the product's. */
export function assessFit(request: AiGenerateFeedbackRequest): FitAssessment {
  const personaText = `${request.persona.bio} ${request.persona.productAttitudes}`;
  const productText = `${request.product.name} ${request.product.description} ${request.product.category} ${request.product.keyFeatures.join(' ')}`;
  const sensitivity = sensitivityOf(personaText);
  const band = priceBandOf(Number(request.product.price), request.product.currency);
  const personaStems = stems(personaText);
  const shared = [...stems(productText)].filter((stem) => personaStems.has(stem)).length;
  const relevance = shared === 0 ? -2 : shared === 1 ? 0 : shared <= 3 ? 1 : 2;
  const valueFit = ECO.test(personaText) ? (ECO.test(productText) ? 1 : -1) : 0;
  return { priceFit: PRICE_FIT[sensitivity][band], relevance, valueFit, band, sensitivity };
}

function concernsFor(request: AiGenerateFeedbackRequest, fit: FitAssessment, intent: number, random: Random): ConcernKind[] {
  const productText = `${request.product.name} ${request.product.description} ${request.product.keyFeatures.join(' ')}`;
  const personaText = `${request.persona.bio} ${request.persona.productAttitudes}`;
  const fitting: ConcernKind[] = [];
  if (fit.priceFit < 0) fitting.push('price');
  else if (fit.priceFit === 0 && fit.relevance <= 0) fitting.push('value');
  if (fit.relevance < 0) fitting.push('relevance');
  if (SUBSCRIPTION.test(productText)) fitting.push('subscription');
  if (DATA_HUNGRY.test(productText) && (/privacy|data|security/i.test(personaText) || random.chance(0.5))) fitting.push('privacy');
  if (DEVICE.test(productText)) fitting.push('compatibility');
  if (fit.valueFit < 0) fitting.push('sustainability');
  if (COMPLEX.test(productText) || request.product.keyFeatures.length >= 6) fitting.push('learning');
  const general = random.sample<ConcernKind>(['durability', 'trust', 'support'], 2);
  const wanted = intent >= 9 ? 1 : intent >= 6 ? 2 : 3;
  return [...new Set([...fitting, ...general])].slice(0, Math.max(wanted, Math.min(fitting.length, 4)));
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

function formatPrice(price: string | number, currency: string): string {
  return `${Number(price).toFixed(2)} ${currency}`;
}

function writeFeedback(
  language: Language,
  phrases: Phrases,
  request: AiGenerateFeedbackRequest,
  fit: FitAssessment,
  intent: number,
  concerns: string[],
  price: string,
  random: Random,
): string {
  const text = phrases.feedback;
  const values = { product: request.product.name, price };
  const band = intent >= 7 ? 'high' : intent >= 4 ? 'mid' : 'low';
  const priceKey = ({ low: 'low', moderate: 'fair', high: 'high', veryHigh: 'tooHigh' } as const)[fit.band];
  const feature = request.product.keyFeatures.length > 0 ? random.pick(request.product.keyFeatures) : undefined;
  const sentences = [
    fill(random.pick(text.opening[band]), values),
    fit.relevance > 0 ? text.fit.good : fit.relevance < 0 ? text.fit.poor : undefined,
    feature ? fill(text.feature, { feature }) : text.noFeatures,
    fill(text.price[fit.sensitivity === 'tolerant' && priceKey === 'tooHigh' ? 'high' : priceKey], values),
    concerns[0]
      ? fill(text.concern, { concern: language === 'de' ? concerns[0] : concerns[0].replace(/^./, (c) => c.toLowerCase()) })
      : undefined,
    text.closing[intent >= 7 ? 'likely' : intent >= 4 ? 'maybe' : 'unlikely'],
  ];
  return sentences.filter(Boolean).join(' ');
}

export function simulateFeedback(request: AiGenerateFeedbackRequest, random: Random): GeneratedFeedback {
  const fit = assessFit(request);
  const noise = random.int(-1, 1);
  const intent = Math.min(10, Math.max(1, Math.round(5 + fit.priceFit + fit.relevance + fit.valueFit + noise)));
  // German nouns keep their capital inside a sentence; the other languages lower-case the concern.
  const { language, phrases } = phrasesFor(request.language);
  const kinds = concernsFor(request, fit, intent, random);
  const concerns = kinds.map((kind) => phrases.concerns[kind]);
  const price = formatPrice(request.product.price, request.product.currency);
  return {
    feedback: writeFeedback(language, phrases, request, fit, intent, concerns, price, random),
    purchase_intent: intent,
    key_concerns: concerns,
    purchase_statement: writePurchaseStatement({ request, fit, intent, concerns: kinds, price }, random),
  };
}
