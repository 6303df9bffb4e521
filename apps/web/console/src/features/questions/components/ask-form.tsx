// "Ask the panel": a question (at most 1,000 characters, counted as typed), how the personas answer
// (open text, a scale with labelled ends, or one of listed options) and optionally the product it is
// about. The form refuses what the API would, then shows the API's own field errors the same way.
import { type AskQuestionResponse, type FeedbackSession, QUESTION_MAX_LENGTH } from '@persona-lab/contracts';
import { type FormEvent, useId, useState } from 'react';

import { Field } from '../../../components/ui/field';
import { ApiError } from '../../../lib/api-client';
import {
  type AnswerKind,
  type AskFormValues,
  emptyAskForm,
  type QuestionFieldErrors,
  questionRequestOf,
  validateQuestion,
} from '../api/question-request';
import { useAskQuestion } from '../api/questions';

const KINDS: { kind: AnswerKind; label: string }[] = [
  { kind: 'open', label: 'Open text' },
  { kind: 'scale', label: 'Scale' },
  { kind: 'choice', label: 'Single choice' },
];
const FIELDS = ['text', 'productId', 'form/min', 'form/max', 'form/minLabel', 'form/maxLabel', 'form/options', 'form'];

export function AskForm({ study, onAsked }: { study: FeedbackSession; onAsked: (asked: AskQuestionResponse) => void }) {
  const ask = useAskQuestion(study.id);
  const [values, setValues] = useState<AskFormValues>(emptyAskForm);
  const [checked, setChecked] = useState<QuestionFieldErrors>({});
  const id = useId();
  const set = (patch: Partial<AskFormValues>) => setValues((current) => ({ ...current, ...patch }));

  const apiError = ask.error instanceof ApiError ? ask.error : undefined;
  const messageFor = (field: string) => checked[`body/${field}`] ?? apiError?.fieldMessage(`body/${field}`);
  const named = FIELDS.some((field) => apiError?.fieldMessage(`body/${field}`));
  const formError = ask.isError && !named ? (apiError?.message ?? 'The server could not be reached') : undefined;
  // Every persona of the panel answered every product of the study.
  const personas = Math.round(study.progress.total / Math.max(1, study.products.length));
  const length = [...values.text].length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = questionRequestOf(values);
    const errors = validateQuestion(request);
    setChecked(errors);
    if (Object.keys(errors).length > 0) return;
    ask.mutate(request, {
      onSuccess: (asked) => {
        set({ text: '' });
        onAsked(asked);
      },
    });
  };

  return (
    <form className="card form ask-form" onSubmit={submit} noValidate aria-label="Ask the panel">
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <Field
        label="Question"
        error={messageFor('text')}
        hint={`${length.toLocaleString('en')} / ${QUESTION_MAX_LENGTH.toLocaleString('en')} characters`}
      >
        <textarea rows={3} value={values.text} onChange={(e) => set({ text: e.target.value })} />
      </Field>
      <fieldset className="inline-group">
        <legend>Answer form</legend>
        {KINDS.map(({ kind, label }) => (
          <label key={kind}>
            <input type="radio" name={`${id}-kind`} checked={values.kind === kind} onChange={() => set({ kind })} />
            {label}
          </label>
        ))}
      </fieldset>
      {values.kind === 'scale' && (
        <div className="form-row">
          <Field label="Lowest point" error={messageFor('form/min')}>
            <input inputMode="numeric" value={values.min} onChange={(e) => set({ min: e.target.value })} />
          </Field>
          <Field label="Label of the lowest point" error={messageFor('form/minLabel')} hint="e.g. not at all">
            <input value={values.minLabel} maxLength={100} onChange={(e) => set({ minLabel: e.target.value })} />
          </Field>
          <Field label="Highest point" error={messageFor('form/max')}>
            <input inputMode="numeric" value={values.max} onChange={(e) => set({ max: e.target.value })} />
          </Field>
          <Field label="Label of the highest point" error={messageFor('form/maxLabel')} hint="e.g. very much">
            <input value={values.maxLabel} maxLength={100} onChange={(e) => set({ maxLabel: e.target.value })} />
          </Field>
        </div>
      )}
      {values.kind === 'choice' && (
        <Field label="Options" error={messageFor('form/options')} hint="2 to 10 options, one per line">
          <textarea rows={4} value={values.options} onChange={(e) => set({ options: e.target.value })} />
        </Field>
      )}
      {study.products.length > 1 && (
        <Field label="About" error={messageFor('productId')}>
          <select value={values.productId} onChange={(e) => set({ productId: e.target.value })}>
            <option value="">Every product of the study</option>
            {study.products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={ask.isPending}>
          {ask.isPending ? 'Asking…' : 'Ask the panel'}
        </button>
        <p className="muted small">
          {personas} {personas === 1 ? 'persona answers' : 'personas answer'}, each in character.
        </p>
      </div>
    </form>
  );
}
