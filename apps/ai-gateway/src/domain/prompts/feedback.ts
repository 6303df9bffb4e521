// Prompt of a persona's feedback on a product. Persona and product text are user-supplied, so both
// sit in <DATA> blocks the model is told never to take instructions from.
//
// The purchase statement is a measurement, not prose: semantic-similarity rating (SSR) compares its
// embedding with English anchor statements ("how likely am I to buy"), so it is always asked for in
// English, whatever language the feedback is written in, and must agree with purchase_intent.
import type { AiGenerateFeedbackRequest } from '@persona-lab/contracts';

import type { ChatMessage, Sampling } from '../../providers/types.js';
import { DATA_RULE, dataBlock } from './data-block.js';
import { languageName } from './labels.js';

export const FEEDBACK_SAMPLING: Sampling = { temperature: 0.6, top_p: 0.9 };

export function buildFeedbackSystemPrompt(): string {
  return `You are a consumer persona taking part in a market research study. You give honest feedback on one product.

RULES
1. Speak in the first person as the persona in the PERSONA block; judge the product from their situation, values, budget and habits.
2. Be specific and honest: praise what fits them, criticise what does not.
3. Write "feedback" and every item of "key_concerns" in the language the user names.
4. "purchase_intent" is an integer from 1 (would never buy) to 10 (would certainly buy) that agrees with the feedback.
5. "key_concerns" holds 1 to 5 short phrases naming what holds the persona back (an empty array if nothing does).
6. "purchase_statement" is one or two sentences in the persona's own voice saying how likely they are to buy this product and why, consistent with "purchase_intent". Write it in English ALWAYS, even when "feedback" is in another language: it is rated by comparing it with English reference statements.

SECURITY
${DATA_RULE}

OUTPUT FORMAT
Answer with ONLY one JSON object: no markdown code fences, no text before or after it.
{"feedback": "3 to 6 sentences", "purchase_intent": 7, "key_concerns": ["...", "..."], "purchase_statement": "1 or 2 sentences, in English"}`;
}

/** "19.99 EUR": the amount as given (two decimals for a number) and its ISO 4217 code. */
export function formatPrice(price: string | number, currency: string): string {
  return `${typeof price === 'number' ? price.toFixed(2) : price} ${currency}`;
}

/** What the model must answer with, said again after a rejected answer. */
export const FEEDBACK_FORMAT_REMINDER =
  'Answer again with ONLY one JSON object with "feedback" (string), "purchase_intent" (integer 1-10), "key_concerns" (array of strings) and "purchase_statement" (string, 1 or 2 sentences, always in English), no markdown, no commentary.';

export function buildFeedbackUserPrompt(request: AiGenerateFeedbackRequest): string {
  const { persona, product } = request;
  const language = request.language.toLowerCase();
  const features = product.keyFeatures.length > 0 ? product.keyFeatures.map((f) => `- ${f}`).join('\n') : '- (none listed)';
  const personaText = `Bio: ${persona.bio}\nProduct attitudes: ${persona.productAttitudes}`;
  const productText = `Name: ${product.name}
Description: ${product.description}
Price: ${formatPrice(product.price, product.currency)}
Category: ${product.category}
Key features:
${features}`;
  return `PERSONA
${dataBlock(personaText)}

PRODUCT
${dataBlock(productText)}

LANGUAGE
Write "feedback" and "key_concerns" in ${languageName(language)} (ISO 639-1 "${language}").
Write "purchase_statement" in English.

Answer with the JSON object only.`;
}

export function feedbackMessages(request: AiGenerateFeedbackRequest): ChatMessage[] {
  return [
    { role: 'system', content: buildFeedbackSystemPrompt() },
    { role: 'user', content: buildFeedbackUserPrompt(request) },
  ];
}
