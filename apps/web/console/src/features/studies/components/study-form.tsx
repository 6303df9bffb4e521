// A new study: the products, a panel (an audience to describe or saved personas), the language, and
// how many model calls it will make, shown before it starts.
import { costRangeText, plannedModelCalls } from '@persona-lab/contracts';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { Field } from '../../../components/ui/field';
import { Empty, ErrorState, Loading } from '../../../components/ui/states';
import { ApiError } from '../../../lib/api-client';
import { usePersonas } from '../../personas/api/personas';
import { useProducts } from '../../products/api/products';
import { useStudyEstimate } from '../api/estimate-study';
import { useStartStudy } from '../api/studies';
import { emptyStudyForm, requestOf, type StudyFormValues, validateStudy } from '../api/study-request';
import { AudienceFields } from './audience-fields';
import { Checklist } from './checklist';

const LANGUAGES = [
  ['en', 'English'],
  ['de', 'German'],
  ['fr', 'French'],
  ['es', 'Spanish'],
  ['it', 'Italian'],
  ['nl', 'Dutch'],
  ['pt', 'Portuguese'],
  ['pl', 'Polish'],
] as const;

export function StudyForm() {
  const products = useProducts();
  const personas = usePersonas({ status: 'ACTIVE', pageSize: 100 });
  const start = useStartStudy();
  const navigate = useNavigate();
  const [values, setValues] = useState<StudyFormValues>(emptyStudyForm);
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const set = (patch: Partial<StudyFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const request = requestOf(values);
  const valid = Object.keys(validateStudy(request)).length === 0;
  const estimate = useStudyEstimate(request, valid);

  if (products.isPending) return <Loading label="Loading products…" />;
  if (products.isError) return <ErrorState error={products.error} retry={() => void products.refetch()} />;
  if (products.data.items.length === 0) {
    return (
      <Empty title="A study needs a product">
        <Link className="button button-primary" to="/products/new">
          New product
        </Link>
      </Empty>
    );
  }

  const calls = plannedModelCalls(request);
  const apiError = start.error instanceof ApiError ? start.error : undefined;
  const errorAt = (field: string) => checked[field] ?? apiError?.problem?.errors?.find((e) => e.field.startsWith(field))?.message;
  const formError =
    start.error && !apiError?.problem?.errors?.length ? (apiError?.message ?? 'The server could not be reached') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validateStudy(request);
    setChecked(errors);
    if (Object.keys(errors).length > 0) return;
    start.mutate({ request, idempotencyKey }, { onSuccess: (started) => void navigate(`/studies/${started.sessionId}`) });
  };

  return (
    <form className="form study-form" onSubmit={submit} noValidate aria-label="New study">
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <fieldset className="card">
        <legend>Products</legend>
        <Checklist
          label="Products to study"
          error={errorAt('body/productIds')}
          options={products.data.items.map((p) => ({ value: p.id, label: p.name, detail: `${p.category} · ${p.price} ${p.currency}` }))}
          selected={values.productIds}
          onChange={(productIds) => set({ productIds })}
        />
      </fieldset>

      <fieldset className="card">
        <legend>Panel</legend>
        <div className="segmented" role="radiogroup" aria-label="Who reviews the products">
          <label>
            <input type="radio" name="mode" checked={values.mode === 'audience'} onChange={() => set({ mode: 'audience' })} />
            Describe an audience
          </label>
          <label>
            <input type="radio" name="mode" checked={values.mode === 'personas'} onChange={() => set({ mode: 'personas' })} />
            Use saved personas
          </label>
        </div>
        {values.mode === 'audience' ? (
          <AudienceFields values={values} set={set} errorAt={errorAt} />
        ) : personas.isPending ? (
          <Loading label="Loading personas…" />
        ) : personas.isError ? (
          <ErrorState error={personas.error} retry={() => void personas.refetch()} />
        ) : personas.data.items.length === 0 ? (
          <Empty title="No saved personas yet">
            <p>Describe an audience instead: its personas are saved for the next study.</p>
          </Empty>
        ) : (
          <Checklist
            label="Personas"
            error={errorAt('body/personaIds')}
            options={personas.data.items.map((p) => ({
              value: p.id,
              label: p.name ?? 'Unnamed persona',
              detail: [p.age, p.gender?.toLowerCase(), p.country].filter(Boolean).join(' · '),
            }))}
            selected={values.personaIds}
            onChange={(personaIds) => set({ personaIds })}
          />
        )}
      </fieldset>

      <fieldset className="card">
        <legend>Language</legend>
        <Field label="Language of the answers" error={errorAt('body/language')}>
          <select value={values.language} onChange={(e) => set({ language: e.target.value })}>
            {LANGUAGES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>

      <div className="card study-cost" aria-live="polite">
        <p>
          This study will make <strong data-testid="planned-calls">{calls.total}</strong> model calls
          {values.mode === 'audience'
            ? ` at most: up to ${calls.personas} to generate personas (saved ones that match are reused), `
            : ': '}
          {request.productIds.length} × {request.personaIds?.length ?? request.personaCount ?? 0} reviews and the themes.
          {valid && (
            <>
              {' '}
              Estimated cost:{' '}
              <strong data-testid="estimated-cost">
                {estimate.data ? costRangeText(estimate.data.total.costUsd) : estimate.isError ? 'not available' : 'estimating…'}
              </strong>
              .
            </>
          )}
        </p>
        <button type="submit" className="button button-primary" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start study'}
        </button>
      </div>
    </form>
  );
}
