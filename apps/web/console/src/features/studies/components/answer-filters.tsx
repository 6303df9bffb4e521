// The filters of a study's answers, applied by the API: product, status and a purchase-intent range.
// A range the API refuses (lowest above highest) is named beside its field.
import type { FeedbackSession, ResultStatus } from '@persona-lab/contracts';

import { Field } from '../../../components/ui/field';
import type { ApiError } from '../../../lib/api-client';
import type { StudyResultsQuery } from '../api/study-results';

export interface AnswerFilters {
  productId: string;
  status: ResultStatus | '';
  minIntent: string;
  maxIntent: string;
}
export const NO_ANSWER_FILTERS: AnswerFilters = { productId: '', status: '', minIntent: '', maxIntent: '' };

export const ANSWERS_PAGE_SIZE = 50;
const STATUSES: { value: ResultStatus; label: string }[] = [
  { value: 'COMPLETED', label: 'Completed' },
  { value: 'FAILED', label: 'Failed' },
  { value: 'CANCELLED', label: 'Cancelled' },
];
const INTENTS = Array.from({ length: 10 }, (_, i) => String(i + 1));
const INTENT_BOUNDS = [
  { field: 'minIntent', label: 'Lowest intent' },
  { field: 'maxIntent', label: 'Highest intent' },
] as const;

/** The filters and page as the API's query, empty filters left out. */
export function answersQueryOf(filters: AnswerFilters, page: number): StudyResultsQuery {
  return {
    page,
    pageSize: ANSWERS_PAGE_SIZE,
    ...(filters.productId ? { productId: filters.productId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.minIntent ? { minIntent: Number(filters.minIntent) } : {}),
    ...(filters.maxIntent ? { maxIntent: Number(filters.maxIntent) } : {}),
  };
}

export const isFiltered = (filters: AnswerFilters) => Object.values(filters).some((value) => value !== '');

interface AnswerFiltersFormProps {
  study: FeedbackSession;
  filters: AnswerFilters;
  onChange: (filters: AnswerFilters) => void;
  /** The API's 400 about these filters, if it refused them. */
  refused: ApiError | undefined;
}

export function AnswerFiltersForm({ study, filters, onChange, refused }: AnswerFiltersFormProps) {
  const set = (patch: Partial<AnswerFilters>) => onChange({ ...filters, ...patch });
  const error = (field: keyof AnswerFilters) => refused?.fieldMessage(`querystring/${field}`);
  return (
    <form className="filters" aria-label="Filter answers" onSubmit={(e) => e.preventDefault()}>
      <Field label="Product">
        <select value={filters.productId} onChange={(e) => set({ productId: e.target.value })}>
          <option value="">All products</option>
          {study.products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Status">
        <select value={filters.status} onChange={(e) => set({ status: e.target.value as AnswerFilters['status'] })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      {INTENT_BOUNDS.map(({ field, label }) => (
        <Field key={field} label={label} error={error(field)}>
          <select value={filters[field]} onChange={(e) => set({ [field]: e.target.value })}>
            <option value="">Any</option>
            {INTENTS.map((intent) => (
              <option key={intent} value={intent}>
                {intent}
              </option>
            ))}
          </select>
        </Field>
      ))}
    </form>
  );
}
