// A study's answers a page at a time (50 a page), filtered by the API by product, status and intent
// range; each row opens the persona's full feedback.
import type { FeedbackResult, FeedbackSession } from '@persona-lab/contracts';
import { useId, useState } from 'react';

import { Dialog } from '../../../components/ui/dialog';
import { Pager } from '../../../components/ui/pager';
import { Empty, ErrorState, Loading } from '../../../components/ui/states';
import { TableScroll } from '../../../components/ui/table-scroll';
import { ApiError } from '../../../lib/api-client';
import { useStudyResults } from '../api/study-results';
import { AnswerDetail } from './answer-detail';
import { type AnswerFilters, AnswerFiltersForm, answersQueryOf, isFiltered, NO_ANSWER_FILTERS } from './answer-filters';

const count = new Intl.NumberFormat('en');

export function AnswersTable({ study }: { study: FeedbackSession }) {
  const [filters, setFilters] = useState<AnswerFilters>(NO_ANSWER_FILTERS);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<FeedbackResult>();
  const results = useStudyResults(study.id, answersQueryOf(filters, page));
  const id = useId();
  const productName = new Map(study.products.map((p) => [p.id, p.name]));
  const refused = results.isError && results.error instanceof ApiError && results.error.status === 400 ? results.error : undefined;
  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const first = data ? (data.page - 1) * data.pageSize + 1 : 0;

  const filter = (next: AnswerFilters) => {
    setFilters(next);
    setPage(1);
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Answers</h2>
      <AnswerFiltersForm study={study} filters={filters} onChange={filter} refused={refused} />
      {results.isPending ? (
        <Loading label="Loading answers…" />
      ) : refused ? (
        <ErrorState error={refused} title="These filters cannot be applied" />
      ) : results.isError ? (
        <ErrorState error={results.error} retry={() => void results.refetch()} />
      ) : data!.total === 0 ? (
        <Empty title={isFiltered(filters) ? 'No answer matches these filters' : 'No answers yet'} />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {count.format(first)}–{count.format(first + data!.items.length - 1)} of {count.format(data!.total)} answers
            {isFiltered(filters) ? ` (${count.format(study.progress.total)} in the study)` : ''}
          </p>
          <TableScroll label="Answers table">
            <table className="table table-cards answers" aria-busy={results.isPlaceholderData}>
              <thead>
                <tr>
                  <th scope="col">Persona</th>
                  <th scope="col">Product</th>
                  <th scope="col">Intent</th>
                  <th scope="col">Main concern</th>
                  <th scope="col">
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data!.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.personaName ?? 'Unnamed persona'}</th>
                    <td data-label="Product">{productName.get(r.productId) ?? '—'}</td>
                    <td data-label="Intent" className="numeric">
                      {r.purchaseIntent ?? r.status.toLowerCase()}
                    </td>
                    <td data-label="Main concern" className="concern">
                      {r.keyConcerns[0] ?? '—'}
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setOpen(r)}
                        aria-label={`Open the answer of ${r.personaName ?? 'this persona'} on ${productName.get(r.productId) ?? 'the product'}`}
                      >
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager page={page} pages={pages} onPage={setPage} label="Answer pages" />
        </>
      )}
      <Dialog
        title={open ? `${open.personaName ?? 'Persona'} on ${productName.get(open.productId) ?? 'the product'}` : ''}
        open={open !== undefined}
        onClose={() => setOpen(undefined)}
      >
        {open && <AnswerDetail result={open} studyId={study.id} interviewable={study.status === 'COMPLETED'} />}
      </Dialog>
    </section>
  );
}
