// `persona-lab ask` flags → the AskQuestionRequest, checked before the first request with the same
// rules as the API (at most 1,000 characters; a scale of at least two points with labelled ends; 2–10
// distinct options).
import { type AskQuestionRequest, QUESTION_MAX_LENGTH, type QuestionForm } from '@persona-lab/contracts';

import { UserError } from '../errors.js';

export interface QuestionFlags {
  scale?: string;
  minLabel?: string;
  maxLabel?: string;
  choice?: string[];
  productId?: string;
  personaId?: string[];
}

function scaleOf(flags: QuestionFlags): QuestionForm {
  const match = /^\s*(-?\d+)\s*(?:-|\.\.|–)\s*(-?\d+)\s*$/.exec(flags.scale!);
  if (!match) throw new UserError(`--scale takes two whole numbers such as 1-5 or 0-10, got "${flags.scale}"`);
  const [min, max] = [Number(match[1]), Number(match[2])];
  if (max <= min) throw new UserError(`--scale ${flags.scale}: a scale needs at least two points (min < max)`);
  if (min < -10 || min > 10 || max > 100)
    throw new UserError(`--scale ${flags.scale}: the lowest point is from -10 to 10, the highest at most 100`);
  return { kind: 'scale', min, max, minLabel: flags.minLabel ?? `${min}`, maxLabel: flags.maxLabel ?? `${max}` };
}

function choiceOf(options: string[]): QuestionForm {
  const trimmed = options.map((option) => option.trim());
  if (trimmed.length < 2 || trimmed.length > 10) throw new UserError(`--choice: give 2 to 10 options, got ${trimmed.length}`);
  if (trimmed.some((option) => option === '')) throw new UserError('--choice: an option is empty');
  const keys = trimmed.map((option) => option.replace(/\s+/g, ' ').toLowerCase());
  if (new Set(keys).size !== keys.length) throw new UserError('--choice: the options must differ');
  return { kind: 'choice', options: trimmed };
}

export function questionRequestFromFlags(text: string, flags: QuestionFlags): AskQuestionRequest {
  const question = text.trim();
  if (question === '') throw new UserError('the question is empty');
  if ([...question].length > QUESTION_MAX_LENGTH) throw new UserError(`the question is longer than ${QUESTION_MAX_LENGTH} characters`);
  if (flags.scale !== undefined && flags.choice !== undefined) throw new UserError('--scale and --choice cannot be combined');
  if (flags.scale === undefined && (flags.minLabel !== undefined || flags.maxLabel !== undefined)) {
    throw new UserError('--min-label and --max-label go with --scale');
  }
  const form = flags.scale !== undefined ? scaleOf(flags) : flags.choice !== undefined ? choiceOf(flags.choice) : undefined;
  return {
    text: question,
    ...(flags.productId ? { productId: flags.productId } : {}),
    ...(flags.personaId?.length ? { personaIds: flags.personaId } : {}),
    ...(form ? { form } : {}),
  };
}
