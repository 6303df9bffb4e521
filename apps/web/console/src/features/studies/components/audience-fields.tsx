// The target audience of a study: who the generated (or reused) personas are, and how many.
import { SESSION_MAX_PERSONAS } from '@persona-lab/contracts';

import { Field } from '../../../components/ui/field';
import type { StudyFormValues } from '../api/study-request';

interface AudienceFieldsProps {
  values: StudyFormValues;
  set: (patch: Partial<StudyFormValues>) => void;
  errorAt: (field: string) => string | undefined;
}

const GENDERS = [
  ['FEMALE', 'Women'],
  ['MALE', 'Men'],
] as const;

export function AudienceFields({ values, set, errorAt }: AudienceFieldsProps) {
  const toggleGender = (gender: 'FEMALE' | 'MALE') =>
    set({ genders: values.genders.includes(gender) ? values.genders.filter((g) => g !== gender) : [...values.genders, gender] });
  const text = (key: 'ageRanges' | 'country' | 'regions' | 'incomeLevels' | 'interests' | 'values' | 'traits') => ({
    value: values[key],
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }),
  });

  return (
    <div className="audience">
      <div className="form-row">
        <Field label="Panel size" error={errorAt('body/personaCount')} hint={`1 to ${SESSION_MAX_PERSONAS.toLocaleString('en')} personas`}>
          <input
            type="number"
            min={1}
            max={200}
            value={Number.isNaN(values.personaCount) ? '' : values.personaCount}
            onChange={(e) => set({ personaCount: e.target.valueAsNumber })}
          />
        </Field>
        <Field label="Country" error={errorAt('body/audience/country')} hint="Two letters, e.g. DE; empty for any">
          <input {...text('country')} maxLength={2} autoCapitalize="characters" />
        </Field>
      </div>
      <fieldset className="inline-group" aria-describedby={errorAt('body/audience/genders') ? 'genders-error' : undefined}>
        <legend>Genders</legend>
        {GENDERS.map(([value, label]) => (
          <label key={value}>
            <input type="checkbox" checked={values.genders.includes(value)} onChange={() => toggleGender(value)} />
            {label}
          </label>
        ))}
        {errorAt('body/audience/genders') && (
          <p className="field-error" id="genders-error">
            {errorAt('body/audience/genders')}
          </p>
        )}
      </fieldset>
      <Field label="Age ranges" error={errorAt('body/audience/ageRanges')} hint="Comma separated, e.g. 18-25, 26-35, 46+">
        <input {...text('ageRanges')} />
      </Field>
      <div className="form-row">
        <Field label="Regions" error={errorAt('body/audience/regions')} hint="Comma separated; optional">
          <input {...text('regions')} />
        </Field>
        <Field label="Income levels" error={errorAt('body/audience/incomeLevels')} hint="e.g. low, middle, high; optional">
          <input {...text('incomeLevels')} />
        </Field>
      </div>
      <div className="form-row form-row-3">
        <Field label="Interests" error={errorAt('body/audience/psychographics')} hint="Comma separated">
          <input {...text('interests')} />
        </Field>
        <Field label="Values" hint="Comma separated">
          <input {...text('values')} />
        </Field>
        <Field label="Traits" hint="Comma separated">
          <input {...text('traits')} />
        </Field>
      </div>
    </div>
  );
}
