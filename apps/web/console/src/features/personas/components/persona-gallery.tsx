// The personas as cards with filters (gender, age group, country, status); each card opens its bio
// and attitudes. Status is filtered by the API, the rest over the loaded personas.
import type { Persona, PersonaStatus } from '@persona-lab/contracts';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';

import { Empty, ErrorState, Loading } from '../../../components/ui/states';
import { usePersonas } from '../api/personas';

type Filter = 'gender' | 'ageGroup' | 'country';
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'gender', label: 'Gender' },
  { key: 'ageGroup', label: 'Age group' },
  { key: 'country', label: 'Country' },
];
const STATUSES: PersonaStatus[] = ['ACTIVE', 'GENERATING', 'FAILED'];

const optionsOf = (personas: Persona[], key: Filter) =>
  [...new Set(personas.map((p) => p[key]).filter((v): v is string => Boolean(v)))].sort();

export function PersonaGallery() {
  const [status, setStatus] = useState<PersonaStatus | ''>('');
  const [chosen, setChosen] = useState<Record<Filter, string>>({ gender: '', ageGroup: '', country: '' });
  const personas = usePersonas(status || undefined);
  const id = useId();

  const items = useMemo(() => personas.data?.items ?? [], [personas.data]);
  const shown = items.filter((p) => FILTERS.every(({ key }) => !chosen[key] || p[key] === chosen[key]));

  return (
    <>
      <form className="filters" aria-label="Filter personas" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as PersonaStatus | '')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        {FILTERS.map(({ key, label }) => (
          <div className="field" key={key}>
            <label htmlFor={`${id}-${key}`}>{label}</label>
            <select id={`${id}-${key}`} value={chosen[key]} onChange={(e) => setChosen({ ...chosen, [key]: e.target.value })}>
              <option value="">Any</option>
              {optionsOf(items, key).map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </div>
        ))}
      </form>
      {personas.isPending ? (
        <Loading label="Loading personas…" />
      ) : personas.isError ? (
        <ErrorState error={personas.error} retry={() => void personas.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No personas yet">
          <p>
            A study on an audience creates them: <Link to="/studies/new">start a study</Link>.
          </p>
        </Empty>
      ) : shown.length === 0 ? (
        <Empty title="No persona matches these filters" />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {shown.length} of {personas.data.total} personas
          </p>
          <ul className="gallery">
            {shown.map((persona) => (
              <PersonaCard key={persona.id} persona={persona} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function PersonaCard({ persona }: { persona: Persona }) {
  const facts = [
    persona.age !== null ? `${persona.age}` : persona.ageGroup,
    persona.gender?.toLowerCase(),
    [persona.region, persona.country].filter(Boolean).join(', '),
    persona.incomeLevel ? `${persona.incomeLevel} income` : null,
  ].filter(Boolean);
  return (
    <li className="card persona-card">
      <h2 className="persona-name">{persona.name ?? 'Unnamed persona'}</h2>
      <p className="muted">{facts.join(' · ')}</p>
      {persona.status !== 'ACTIVE' && <p className={`badge badge-${persona.status.toLowerCase()}`}>{persona.status.toLowerCase()}</p>}
      {persona.interests.length > 0 && <p className="tags">{persona.interests.slice(0, 5).join(' · ')}</p>}
      {(persona.detailedBio || persona.productAttitudes) && (
        <details>
          <summary>Bio and attitudes</summary>
          {persona.detailedBio && <p>{persona.detailedBio}</p>}
          {persona.productAttitudes && (
            <p>
              <strong>Attitudes: </strong>
              {persona.productAttitudes}
            </p>
          )}
          {persona.values.length > 0 && <p>Values: {persona.values.join(', ')}</p>}
          {persona.traits.length > 0 && <p>Traits: {persona.traits.join(', ')}</p>}
        </details>
      )}
      {persona.failureReason && <p className="note note-warning">{persona.failureReason}</p>}
    </li>
  );
}
