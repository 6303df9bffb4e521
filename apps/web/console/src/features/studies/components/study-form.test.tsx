import type { FeedbackSessionEstimate, Persona, Product } from '@persona-lab/contracts';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';

import { answerFetch, problem, renderWithApp } from '../../../test/render';
import { personasQueryOptions } from '../../personas/api/personas';
import { StudyForm } from './study-form';

afterEach(() => vi.unstubAllGlobals());

const product = (id: string, name: string): Product => ({
  id,
  name,
  description: 'A product.',
  price: '10.00',
  currency: 'EUR',
  category: 'Things',
  keyFeatures: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
});

const persona = (id: string, name: string) => ({ id, name, status: 'ACTIVE', age: 30, gender: 'FEMALE', country: 'DE' }) as Persona;

const page = <T,>(items: T[]) => ({ items, page: 1, pageSize: 100, total: items.length });

function renderForm() {
  const products = [
    product('00000000-0000-4000-8000-0000000000a1', 'Trail shoe'),
    product('00000000-0000-4000-8000-0000000000a2', 'City sneaker'),
  ];
  const personas = [persona('00000000-0000-4000-8000-0000000000b1', 'Ann'), persona('00000000-0000-4000-8000-0000000000b2', 'Ben')];
  renderWithApp(<StudyForm />, {
    data: [
      [['products'], page(products)],
      [personasQueryOptions({ status: 'ACTIVE', pageSize: 100 }).queryKey, page(personas)],
    ],
  });
}

const planned = () => screen.getByTestId('planned-calls').textContent;

const range = (min: number, max: number) => ({ min, max });
function estimate(min: number | null, max: number | null): FeedbackSessionEstimate {
  return {
    lines: [],
    total: { calls: range(3, 3), inputTokens: range(900, 1200), outputTokens: range(300, 600), costUsd: { min, max } },
  };
}

/** fetch answering an estimate with `body` (or `status`), and a start with 202. */
function fetchWithEstimate(body: unknown, status = 200) {
  const json = (value: unknown, code: number) =>
    new Response(JSON.stringify(value), {
      status: code,
      headers: { 'content-type': code >= 400 ? 'application/problem+json' : 'application/json' },
    });
  const mock = vi.fn(async (url: string) =>
    url.endsWith('/estimate')
      ? json(body, status)
      : json({ sessionId: '00000000-0000-4000-8000-000000000009', status: 'IN_PROGRESS', progress: {} }, 202),
  );
  vi.stubGlobal('fetch', mock);
  return mock;
}

test('shows the model calls an audience study will make before it starts', async () => {
  answerFetch(200, estimate(0.01, 0.03));
  renderForm();
  await userEvent.click(screen.getByRole('checkbox', { name: /Trail shoe/ }));
  expect(planned()).toBe('13'); // 6 personas, 6 reviews, 1 theme call

  await userEvent.click(screen.getByRole('checkbox', { name: /City sneaker/ }));
  await userEvent.clear(screen.getByLabelText('Panel size'));
  await userEvent.type(screen.getByLabelText('Panel size'), '4');
  expect(planned()).toBe('15'); // 4 personas, 2 × 4 reviews, 2 theme calls and 1 overall
});

test('counts no generation for saved personas and starts the study with them', async () => {
  const fetch = answerFetch(202, { sessionId: '00000000-0000-4000-8000-000000000009', status: 'IN_PROGRESS', progress: {} });
  renderForm();
  await userEvent.click(screen.getByRole('checkbox', { name: /Trail shoe/ }));
  await userEvent.click(screen.getByRole('radio', { name: 'Use saved personas' }));
  await userEvent.click(screen.getByRole('checkbox', { name: /Ann/ }));
  await userEvent.click(screen.getByRole('checkbox', { name: /Ben/ }));
  expect(planned()).toBe('3'); // 2 reviews, 1 theme call

  await userEvent.click(screen.getByRole('button', { name: 'Start study' }));

  // The estimate may have been asked on the way; the start is the one call to the collection.
  const [url, init] = (fetch.mock.calls as unknown as [string, RequestInit][]).find(([url]) => url === '/api/feedback-sessions')!;
  expect(url).toBe('/api/feedback-sessions');
  expect(JSON.parse(init.body as string)).toEqual({
    productIds: ['00000000-0000-4000-8000-0000000000a1'],
    language: 'en',
    personaIds: ['00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000b2'],
  });
  expect((init.headers as Record<string, string>)['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
});

test('names what is missing or malformed and starts nothing', async () => {
  const fetch = answerFetch(202, {});
  renderForm();
  await userEvent.clear(screen.getByLabelText('Age ranges'));
  await userEvent.type(screen.getByLabelText('Age ranges'), '18-25, teens');

  await userEvent.click(screen.getByRole('button', { name: 'Start study' }));

  expect(screen.getByRole('group', { name: /Products to study/ })).toHaveAccessibleDescription('Choose at least one product');
  expect(screen.getByLabelText('Age ranges')).toHaveAccessibleDescription(/Age ranges such as 18-25, 26-35 or 46\+/);
  expect(fetch).not.toHaveBeenCalled();
});

test('shows the estimated cost of a valid form once it has settled, and asks with the start body', async () => {
  const fetch = fetchWithEstimate(estimate(0.01, 0.05));
  renderForm();
  expect(screen.queryByTestId('estimated-cost')).not.toBeInTheDocument(); // no product yet: not valid, not asked
  await userEvent.click(screen.getByRole('checkbox', { name: /Trail shoe/ }));

  expect(await screen.findByText('$0.01–$0.05')).toBeInTheDocument();
  const estimates = fetch.mock.calls.filter(([url]) => url === '/api/feedback-sessions/estimate');
  expect(estimates).toHaveLength(1);
  const [, init] = estimates[0] as unknown as [string, RequestInit];
  expect(init.method).toBe('POST');
  expect(JSON.parse(init.body as string)).toMatchObject({
    productIds: ['00000000-0000-4000-8000-0000000000a1'],
    language: 'en',
    personaCount: 6,
  });
  // The start is not held back by the estimate.
  expect(screen.getByRole('button', { name: 'Start study' })).toBeEnabled();
});

test('says the cost is unknown when a model has no price, and starts while the estimate fails', async () => {
  fetchWithEstimate(estimate(null, null));
  renderForm();
  await userEvent.click(screen.getByRole('checkbox', { name: /Trail shoe/ }));
  expect(await screen.findByText('unknown')).toBeInTheDocument();

  vi.unstubAllGlobals();
  const fetch = fetchWithEstimate(problem(503, 'SERVICE_UNAVAILABLE', 'The AI gateway is not reachable'), 503);
  await userEvent.click(screen.getByRole('checkbox', { name: /City sneaker/ }));
  expect(await screen.findByText('not available')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Start study' }));
  await vi.waitFor(() => expect(fetch.mock.calls.some(([url]) => url === '/api/feedback-sessions')).toBe(true));
});
