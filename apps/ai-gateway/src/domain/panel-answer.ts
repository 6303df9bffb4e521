// What makes a persona's answer to a panel question usable: the answer object, and a scale value
// inside the question's scale or a choice that is exactly one of its options. A wrong one goes back
// to the model in the repair round with a reason that names no user text (the options and labels
// stay inside the prompt's data blocks).
import { type AiQuestionForm, GeneratedPanelAnswer } from '@persona-lab/contracts';

import { acceptAnswer, type Accepted, answerFormat } from './answer.js';

const panelAnswer = answerFormat(GeneratedPanelAnswer, 'object');

const normalised = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

export function acceptPanelAnswer(form: AiQuestionForm) {
  return (content: string): Accepted<GeneratedPanelAnswer> => {
    const accepted = acceptAnswer(content, panelAnswer);
    if (!accepted.ok) return accepted;
    const { answer, key_points, scale_value, choice } = accepted.value;
    switch (form.kind) {
      case 'scale':
        if (scale_value === undefined || scale_value < form.min || scale_value > form.max) {
          return { ok: false, reason: `"scale_value" must be an integer from ${form.min} to ${form.max}` };
        }
        return { ok: true, value: { answer, key_points, scale_value } };
      case 'choice': {
        // The option as the question wrote it, whatever case or spacing the model copied it with.
        const option = choice === undefined ? undefined : form.options.find((o) => normalised(o) === normalised(choice));
        if (option === undefined) return { ok: false, reason: '"choice" must be exactly one of the options in the OPTIONS block' };
        return { ok: true, value: { answer, key_points, choice: option } };
      }
      case 'open':
        return { ok: true, value: { answer, key_points } };
    }
  };
}
