// Every answer of a study in a table that filters by product, intent and persona; each row opens the
// persona's full feedback.
import type { FeedbackResult, FeedbackSession } from '@persona-lab/contracts';
import { useId, useState } from 'react';

import { Dialog } from '../../../components/ui/dialog';
import { Empty } from '../../../components/ui/states';
import { TableScroll } from '../../../components/ui/table-scroll';
import { AnswerDetail } from './answer-detail';

export type IntentFilter = '' | 'likely' | 'unlikely' | 'failed' | `${number}`;

export interface AnswerFilters {
  productId: string;
  intent: IntentFilter;
  persona: string;
}

export function filterAnswers(results: FeedbackResult[], filters: AnswerFilters): FeedbackResult[] {
  const persona = filters.persona.trim().toLowerCase();
  return results.filter((r) => {
    if (filters.productId && r.productId !== filters.productId) return false;
    if (persona && !(r.personaName ?? '').toLowerCase().includes(persona)) return false;
    switch (filters.intent) {
      case '':
        return true;
      case 'likely':
        return r.purchaseIntent !== null && r.purchaseIntent >= 7;
      case 'unlikely':
        return r.purchaseIntent !== null && r.purchaseIntent < 7;
      case 'failed':
        return r.status === 'FAILED';
      default:
        return r.purchaseIntent === Number(filters.intent);
    }
  });
}

export function AnswersTable({ study }: { study: FeedbackSession }) {
  const [filters, setFilters] = useState<AnswerFilters>({ productId: '', intent: '', persona: '' });
  const [open, setOpen] = useState<FeedbackResult>();
  const id = useId();
  const productName = new Map(study.products.map((p) => [p.id, p.name]));
  const shown = filterAnswers(study.results, filters);

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Answers</h2>
      <form className="filters" aria-label="Filter answers" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-product`}>Product</label>
          <select id={`${id}-product`} value={filters.productId} onChange={(e) => setFilters({ ...filters, productId: e.target.value })}>
            <option value="">All products</option>
            {study.products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-intent`}>Intent</label>
          <select
            id={`${id}-intent`}
            value={filters.intent}
            onChange={(e) => setFilters({ ...filters, intent: e.target.value as IntentFilter })}
          >
            <option value="">Any intent</option>
            <option value="likely">Likely buyers (7–10)</option>
            <option value="unlikely">Others (1–6)</option>
            {Array.from({ length: 10 }, (_, i) => (
              <option key={i} value={String(i + 1)}>
                {i + 1}
              </option>
            ))}
            <option value="failed">Failed answers</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-persona`}>Persona</label>
          <input
            id={`${id}-persona`}
            type="search"
            placeholder="Name"
            value={filters.persona}
            onChange={(e) => setFilters({ ...filters, persona: e.target.value })}
          />
        </div>
      </form>
      <p className="muted" aria-live="polite">
        {shown.length} of {study.results.length} answers
      </p>
      {shown.length === 0 ? (
        <Empty title="No answer matches these filters" />
      ) : (
        <TableScroll label="Answers table">
          <table className="table table-cards answers">
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
              {shown.map((r) => (
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
