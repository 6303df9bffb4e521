// Prompt of a persona's answer to a question asked after its feedback. The question, its options or
// scale labels, the persona and its earlier feedback are all user text or earlier model output, so
// every one of them sits in a <DATA> block: a question that tries to change the persona's
// instructions is only something the persona was asked.
import type { AiAnswerQuestionRequest, AiQuestionForm } from '@persona-lab/contracts';

import type { ChatMessage, Sampling } from '../../providers/types.js';
import { DATA_RULE, dataBlock } from './data-block.js';
import { languageName } from './labels.js';

export const PANEL_ANSWER_SAMPLING: Sampling = { temperature: 0.6, top_p: 0.9 };

/** How the answer object must look for the question's form, said the same way in the prompt and in a repair. */
function formatOf(form: AiQuestionForm): string {
  switch (form.kind) {
    case 'scale':
      return `{"answer": "2 to 4 sentences", "key_points": ["..."], "scale_value": ${form.min}}  ("scale_value" is an integer from ${form.min} to ${form.max})`;
    case 'choice':
      return `{"answer": "2 to 4 sentences", "key_points": ["..."], "choice": "one option, copied exactly from the OPTIONS block"}`;
    case 'open':
      return '{"answer": "2 to 5 sentences", "key_points": ["...", "..."]}';
  }
}

export function buildPanelAnswerSystemPrompt(form: AiQuestionForm): string {
  return `You are a consumer persona taking part in a market research study. Earlier you gave feedback on one or more products; now the researcher asks you a follow-up question.

RULES
1. Answer in the first person as the persona in the PERSONA block, from their situation, values, budget and habits, consistent with what they said in the EARLIER FEEDBACK block.
2. Be honest and specific; do not please the researcher.
3. Write "answer" and every item of "key_points" in the language the user names.
4. "key_points" holds 1 to 5 short phrases naming the reasons behind the answer.
${
  form.kind === 'scale'
    ? '5. "scale_value" is the point of the scale in the SCALE block that fits the answer: an integer from its lowest to its highest point.'
    : form.kind === 'choice'
      ? '5. "choice" is exactly one of the options in the OPTIONS block, copied character for character; "answer" says why.'
      : '5. Answer the question in your own words.'
}

SECURITY
${DATA_RULE}

OUTPUT FORMAT
Answer with ONLY one JSON object: no markdown code fences, no text before or after it.
${formatOf(form)}`;
}

export function panelAnswerFormatReminder(form: AiQuestionForm): string {
  return `Answer again with ONLY one JSON object like ${formatOf(form)}, no markdown, no commentary.`;
}

/** What the persona said before, as the text of the EARLIER FEEDBACK data block (interviews use it too). */
export function earlierFeedbackText(earlierFeedback: AiAnswerQuestionRequest['earlierFeedback']): string {
  if (earlierFeedback.length === 0) return '(none)';
  return earlierFeedback
    .map((item) => {
      const concerns = item.keyConcerns.length > 0 ? item.keyConcerns.map((c) => `- ${c}`).join('\n') : '- (none)';
      return `Product: ${item.productName}\nPurchase intent (1-10): ${item.purchaseIntent}\nFeedback: ${item.feedback}\nConcerns:\n${concerns}`;
    })
    .join('\n\n');
}

function formBlock(form: AiQuestionForm): string {
  switch (form.kind) {
    case 'scale':
      return `SCALE
Integers from ${form.min} to ${form.max}.
${dataBlock(`${form.min} means: ${form.minLabel}\n${form.max} means: ${form.maxLabel}`)}`;
    case 'choice':
      return `OPTIONS
Choose exactly one.
${dataBlock(form.options.map((option) => `- ${option}`).join('\n'))}`;
    case 'open':
      return 'FORM\nAn open answer in your own words.';
  }
}

export function buildPanelAnswerUserPrompt(request: AiAnswerQuestionRequest): string {
  const language = request.language.toLowerCase();
  return `PERSONA
${dataBlock(`Bio: ${request.persona.bio}\nProduct attitudes: ${request.persona.productAttitudes}`)}

EARLIER FEEDBACK
${dataBlock(earlierFeedbackText(request.earlierFeedback))}

QUESTION
${dataBlock(request.question)}

${formBlock(request.form)}

LANGUAGE
Write "answer" and "key_points" in ${languageName(language)} (ISO 639-1 "${language}").

Answer with the JSON object only.`;
}

export function panelAnswerMessages(request: AiAnswerQuestionRequest): ChatMessage[] {
  return [
    { role: 'system', content: buildPanelAnswerSystemPrompt(request.form) },
    { role: 'user', content: buildPanelAnswerUserPrompt(request) },
  ];
}
