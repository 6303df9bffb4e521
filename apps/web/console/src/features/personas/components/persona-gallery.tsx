// The personas as cards, a page at a time, with filters (status, gender, age group, country) that the
// API applies; each card opens its bio and attitudes. A filter the API refuses is named beside its field.
import { type Gender, type Persona, type PersonaStatus, UNKNOWN_SEGMENT } from '@persona-lab/contracts';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';

import { Field } from '../../../components/ui/field';
import { Pager } from '../../../components/ui/pager';
import { Empty, ErrorState, Loading } from '../../../components/ui/states';
import { ApiError } from '../../../lib/api-client';
import { type PersonaQuery, usePersonas } from '../api/personas';

export const GALLERY_PAGE_SIZE = 24;
const STATUSES: PersonaStatus[] = ['ACTIVE', 'GENERATING', 'FAILED'];
const GENDERS: Gender[] = ['FEMALE', 'MALE'];
/** Suggestions only: the age groups the personas are usually given, and the segments' name for none. */
const AGE_GROUPS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+', UNKNOWN_SEGMENT];

interface GalleryFilters {
  status: PersonaStatus | '';
  gender: Gender | '';
  ageGroup: string;
  country: string;
}
const NO_FILTERS: GalleryFilters = { status: '', gender: '', ageGroup: '', country: '' };

/** The filters as the API's query: empty ones left out, the country in capitals. */
export function queryOf(filters: GalleryFilters, page: number): PersonaQuery {
  return {
    page,
    pageSize: GALLERY_PAGE_SIZE,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.gender ? { gender: filters.gender } : {}),
    ...(filters.ageGroup.trim() ? { ageGroup: filters.ageGroup.trim() } : {}),
    ...(filters.country.trim() ? { country: filters.country.trim().toUpperCase() } : {}),
  };
}

const isFiltered = (filters: GalleryFilters) => Object.values(filters).some((value) => value.trim() !== '');

export function PersonaGallery() {
  const [draft, setDraft] = useState<GalleryFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<GalleryFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const personas = usePersonas(queryOf(applied, page));
  const id = useId();
  const refused = personas.isError && personas.error instanceof ApiError && personas.error.status === 400 ? personas.error : undefined;
  const fieldError = (field: keyof GalleryFilters) => refused?.fieldMessage(`querystring/${field}`);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
    setPage(1);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
    setPage(1);
  };
  const set = (patch: Partial<GalleryFilters>) => setDraft((current) => ({ ...current, ...patch }));

  const data = personas.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <>
      <form className="filters" aria-label="Filter personas" onSubmit={apply}>
        <Field label="Status" error={fieldError('status')}>
          <select value={draft.status} onChange={(e) => set({ status: e.target.value as PersonaStatus | '' })}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Gender" error={fieldError('gender')}>
          <select value={draft.gender} onChange={(e) => set({ gender: e.target.value as Gender | '' })}>
            <option value="">Any</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {g.toLowerCase()}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Age group" error={fieldError('ageGroup')}>
          <input
            list={`${id}-age-groups`}
            value={draft.ageGroup}
            placeholder="e.g. 25-34"
            onChange={(e) => set({ ageGroup: e.target.value })}
          />
        </Field>
        <datalist id={`${id}-age-groups`}>
          {AGE_GROUPS.map((group) => (
            <option key={group} value={group} />
          ))}
        </datalist>
        <Field label="Country" error={fieldError('country')}>
          <input
            value={draft.country}
            placeholder="e.g. DE"
            maxLength={2}
            autoCapitalize="characters"
            onChange={(e) => set({ country: e.target.value })}
          />
        </Field>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          <button type="button" className="button" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      {personas.isPending ? (
        <Loading label="Loading personas…" />
      ) : refused ? (
        <ErrorState error={refused} title="These filters cannot be applied" />
      ) : personas.isError ? (
        <ErrorState error={personas.error} retry={() => void personas.refetch()} />
      ) : data!.total === 0 ? (
        isFiltered(applied) ? (
          <Empty title="No persona matches these filters" />
        ) : (
          <Empty title="No personas yet">
            <p>
              A study on an audience creates them: <Link to="/studies/new">start a study</Link>.
            </p>
          </Empty>
        )
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {data!.total} {data!.total === 1 ? 'persona' : 'personas'}
            {isFiltered(applied) ? ' match' : ''} · page {data!.page} of {pages}
          </p>
          <ul className="gallery" aria-busy={personas.isPlaceholderData}>
            {data!.items.map((persona) => (
              <PersonaCard key={persona.id} persona={persona} />
            ))}
          </ul>
          <Pager page={page} pages={pages} onPage={setPage} label="Persona pages" />
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
