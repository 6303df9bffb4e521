import type { FeedbackResult } from '@persona-lab/contracts';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';

import { ids, result, study } from '../../../test/fixtures';
import { problem } from '../../../test/render';
import { renderWithApp } from '../../../test/render';
import { AnswersTable } from './answers-table';

const answers = [
  result({ personaName: 'Ann Example', productId: ids.shoe, purchaseIntent: 8, keyConcerns: ['Heavy'] }),
  result({ personaName: 'Ann Example', productId: ids.sneaker, purchaseIntent: 3 }),
  result({ personaName: 'Ben Sample', personaId: ids.ben, productId: ids.shoe, purchaseIntent: 7 }),
  result({
    personaName: 'Ben Sample',
    personaId: ids.ben,
    productId: ids.sneaker,
    purchaseIntent: null,
    status: 'FAILED',
    failureReason: 'The provider timed out',
  }),
];

/** The results route as the feedback-service answers it: filtered, then one page of `pageSize`. */
function answerResults(all: FeedbackResult[]) {
  const mock = vi.fn(async (input: string | URL | Request) => {
    const url = new URL(String(input), 'http://console.test');
    expect(url.pathname).toBe(`/api/feedback-sessions/${ids.study}/results`);
    const q = url.searchParams;
    const [min, max] = [q.get('minIntent'), q.get('maxIntent')].map((v) => (v === null ? undefined : Number(v)));
    if (min !== undefined && max !== undefined && min > max) {
      const body = problem(400, 'VALIDATION_FAILED', 'Invalid query', [
        { field: 'querystring/minIntent', message: `must not be above maxIntent (${max})` },
      ]);
      return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/problem+json' } });
    }
    const matching = all.filter(
      (r) =>
        (!q.get('productId') || r.productId === q.get('productId')) &&
        (!q.get('status') || r.status === q.get('status')) &&
        (min === undefined || (r.purchaseIntent !== null && r.purchaseIntent >= min)) &&
        (max === undefined || (r.purchaseIntent !== null && r.purchaseIntent <= max)),
    );
    const page = Number(q.get('page') ?? 1);
    const pageSize = Number(q.get('pageSize') ?? 20);
    const items = matching.slice((page - 1) * pageSize, page * pageSize);
    return new Response(JSON.stringify({ items, page, pageSize, total: matching.length }), {
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

afterEach(() => vi.unstubAllGlobals());

const rows = () => screen.getAllByRole('button', { name: /^Open the answer of/ }).map((b) => b.getAttribute('aria-label'));

test('asks the API for the answers by product, status and intent range, and shows how many match', async () => {
  const fetch = answerResults(answers);
  renderWithApp(<AnswersTable study={study(null, answers.length)} />);
  expect(await screen.findByText('1–4 of 4 answers')).toBeInTheDocument();
  expect(rows()).toHaveLength(4);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Product' }), 'Trail shoe');
  await screen.findByText('1–2 of 2 answers (4 in the study)');
  expect(rows()).toEqual(['Open the answer of Ann Example on Trail shoe', 'Open the answer of Ben Sample on Trail shoe']);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Lowest intent' }), '8');
  await screen.findByText('1–1 of 1 answers (4 in the study)');
  expect(rows()).toEqual(['Open the answer of Ann Example on Trail shoe']);
  const last = new URL(String(fetch.mock.calls.at(-1)![0]), 'http://console.test').searchParams;
  expect(Object.fromEntries(last)).toEqual({ page: '1', pageSize: '50', productId: ids.shoe, minIntent: '8' });

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Product' }), 'City sneaker');
  expect(await screen.findByText('No answer matches these filters')).toBeInTheDocument();

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Product' }), '');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Lowest intent' }), '');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Failed');
  await screen.findByText('1–1 of 1 answers (4 in the study)');
  expect(rows()).toEqual(['Open the answer of Ben Sample on City sneaker']);
});

test('names the field when the API refuses an intent range', async () => {
  answerResults(answers);
  renderWithApp(<AnswersTable study={study(null, answers.length)} />);
  await screen.findByText('1–4 of 4 answers');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Highest intent' }), '3');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Lowest intent' }), '8');
  expect(await screen.findByText('must not be above maxIntent (3)')).toBeInTheDocument();
  expect(screen.getByRole('combobox', { name: 'Lowest intent' })).toHaveAttribute('aria-invalid', 'true');
});

test('pages through a large study 50 answers at a time', async () => {
  const many = Array.from({ length: 120 }, (_, i) =>
    result({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, personaName: `P${i}` }),
  );
  answerResults(many);
  renderWithApp(<AnswersTable study={study(null, many.length)} />);
  expect(await screen.findByText('1–50 of 120 answers')).toBeInTheDocument();
  const pager = within(screen.getByRole('navigation', { name: 'Answer pages' }));
  expect(pager.getByText('Page 1 of 3')).toBeInTheDocument();
  expect(pager.getByRole('button', { name: 'Previous page' })).toBeDisabled();

  await userEvent.click(pager.getByRole('button', { name: 'Next page' }));
  expect(await screen.findByText('51–100 of 120 answers')).toBeInTheDocument();
  expect(rows()[0]).toBe('Open the answer of P50 on Trail shoe');
  await userEvent.click(pager.getByRole('button', { name: 'Next page' }));
  expect(await screen.findByText('101–120 of 120 answers')).toBeInTheDocument();
  expect(rows()).toHaveLength(20);
  expect(pager.getByRole('button', { name: 'Next page' })).toBeDisabled();
});

test('opens one persona’s full answer', async () => {
  answerResults(answers);
  renderWithApp(<AnswersTable study={study(null, answers.length)} />);
  await userEvent.click(await screen.findByRole('button', { name: 'Open the answer of Ann Example on Trail shoe' }));

  const dialog = within(screen.getByRole('dialog', { hidden: true }));
  expect(dialog.getByRole('heading', { name: 'Ann Example on Trail shoe', hidden: true })).toBeInTheDocument();
  expect(dialog.getByText('I like the sole but the price is steep.')).toBeInTheDocument();
  expect(dialog.getByText('I might buy it on sale.')).toBeInTheDocument();
  expect(dialog.getByText('Heavy')).toBeInTheDocument();
  expect(dialog.getByText(/31 · female · 26-35 · Bavaria, DE · middle/)).toBeInTheDocument();
});

test('an answer of a completed study opens an interview with its persona; a cancelled study’s does not', async () => {
  answerResults(answers);
  renderWithApp(<AnswersTable study={study(null, answers.length)} />);
  await userEvent.click(await screen.findByRole('button', { name: 'Open the answer of Ben Sample on Trail shoe' }));
  const link = within(screen.getByRole('dialog', { hidden: true })).getByRole('link', { name: 'Interview Ben Sample', hidden: true });
  expect(link).toHaveAttribute('href', `/studies/${ids.study}/interviews/${ids.ben}`);
  cleanup();

  renderWithApp(<AnswersTable study={{ ...study(null, answers.length), status: 'CANCELLED' }} />);
  await userEvent.click(await screen.findByRole('button', { name: 'Open the answer of Ben Sample on Trail shoe' }));
  expect(within(screen.getByRole('dialog', { hidden: true })).queryByRole('link', { hidden: true })).not.toBeInTheDocument();
});
