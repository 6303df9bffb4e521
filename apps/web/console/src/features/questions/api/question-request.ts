// The ask form's values → the AskQuestionRequest, and its check against what the API refuses: the
// contract's own schema, then the rules the feedback-service adds (a scale needs both ends and
// labels with min < max; a choice needs distinct options). Fields are named as the API names them.
import { AskQuestionRequest, QUESTION_MAX_LENGTH, type QuestionForm } from '@persona-lab/contracts';
import { Value } from 'typebox/value';

export type AnswerKind = QuestionForm['kind'];

export interface AskFormValues {
  text: string;
  productId: string;
  kind: AnswerKind;
  min: string;
  max: string;
  minLabel: string;
  maxLabel: string;
  /** One option per line. */
  options: string;
}

export const emptyAskForm: AskFormValues = {
  text: '',
  productId: '',
  kind: 'open',
  min: '1',
  max: '5',
  minLabel: '',
  maxLabel: '',
  options: '',
};

export type QuestionFieldErrors = Record<string, string>;

const MESSAGES: Record<string, string> = {
  'body/text': `Ask a question of at most ${QUESTION_MAX_LENGTH.toLocaleString('en')} characters`,
  'body/form/min': 'The lowest point: a whole number from -10 to 10',
  'body/form/max': 'The highest point: a whole number up to 100, greater than the lowest',
  'body/form/minLabel': 'Say what the lowest point means (at most 100 characters)',
  'body/form/maxLabel': 'Say what the highest point means (at most 100 characters)',
  'body/form/options': 'Give 2 to 10 different options, one per line, each up to 200 characters',
  'body/productId': 'Choose a product of this study',
};

const integerOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));
const sameText = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

export function questionRequestOf(values: AskFormValues): AskQuestionRequest {
  const form: QuestionForm =
    values.kind === 'scale'
      ? {
          kind: 'scale',
          min: integerOrUndefined(values.min),
          max: integerOrUndefined(values.max),
          minLabel: values.minLabel.trim() || undefined,
          maxLabel: values.maxLabel.trim() || undefined,
        }
      : values.kind === 'choice'
        ? {
            kind: 'choice',
            options: values.options
              .split('\n')
              .map((o) => o.trim())
              .filter(Boolean),
          }
        : { kind: 'open' };
  const defined = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== undefined)) as QuestionForm;
  return { text: values.text.trim(), ...(values.productId ? { productId: values.productId } : {}), form: defined };
}

/** Field (as the API names it) → message; empty when the API would accept the request. */
export function validateQuestion(request: AskQuestionRequest): QuestionFieldErrors {
  const errors: QuestionFieldErrors = {};
  const add = (field: string) => {
    if (!(field in errors)) errors[field] = MESSAGES[field] ?? 'Check this field';
  };
  for (const error of Value.Errors(AskQuestionRequest, request)) {
    const path = error.instancePath.split('/').filter(Boolean);
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties?.[0];
    const field = path[0] === 'form' ? path.slice(0, 2) : path.slice(0, 1);
    if (field.length === 0 && missing) field.push(missing);
    if (field.length > 0) add(`body/${field.join('/')}`);
  }
  const form = request.form;
  if (form?.kind === 'scale') {
    for (const field of ['min', 'max', 'minLabel', 'maxLabel'] as const) if (form[field] === undefined) add(`body/form/${field}`);
    if (form.min !== undefined && form.max !== undefined && form.max <= form.min) add('body/form/max');
  }
  if (form?.kind === 'choice') {
    const keys = (form.options ?? []).map(sameText);
    if (keys.length < 2 || new Set(keys).size !== keys.length) add('body/form/options');
  }
  return errors;
}
