import type { Persona } from '@persona-lab/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';

import { problem, renderWithApp } from '../../../test/render';
import { PersonaGallery } from './persona-gallery';

afterEach(() => vi.unstubAllGlobals());

const persona = (n: number): Persona => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  status: 'ACTIVE',
  name: `Persona ${n}`,
  detailedBio: `Bio ${n}`,
  productAttitudes: 'careful',
  gender: 'FEMALE',
  ageGroup: '25-34',
  age: 30,
  race: null,
  country: 'DE',
  region: null,
  incomeLevel: null,
  interests: [],
  values: [],
  traits: [],
  generationStrategy: null,
  failureReason: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
});

/** fetch answering /api/personas as the API would for 30 personas in pages of the asked size, recording each URL. */
function answerPersonas(total = 30) {
  const urls: URL[] = [];
  const mock = vi.fn(async (input: string) => {
    const url = new URL(input, 'http://console.test');
    urls.push(url);
    if (url.searchParams.get('country') === 'XX') {
      const body = problem(400, 'VALIDATION_FAILED', 'querystring/country must match pattern', [
        { field: 'querystring/country', message: 'must match pattern "^[A-Z]{2}$"' },
      ]);
      return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/problem+json' } });
    }
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('pageSize'));
    const items = Array.from({ length: total }, (_, i) => persona(i + 1)).slice((page - 1) * size, page * size);
    return new Response(JSON.stringify({ items, page, pageSize: size, total }), { headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', mock);
  return urls;
}

test('pages through the personas with the API, a page at a time', async () => {
  const urls = answerPersonas(30);
  renderWithApp(<PersonaGallery />);

  expect(await screen.findByText('30 personas · page 1 of 2')).toBeInTheDocument();
  expect(within(screen.getByRole('list')).getAllByRole('listitem')).toHaveLength(24);
  await userEvent.click(screen.getByRole('button', { name: 'Next page' }));

  expect(await screen.findByText('30 personas · page 2 of 2')).toBeInTheDocument();
  expect(within(screen.getByRole('list')).getAllByRole('listitem')).toHaveLength(6);
  expect(screen.getByRole('heading', { name: 'Persona 25' })).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  expect(urls.map((u) => u.searchParams.get('page'))).toEqual(['1', '2']);
});

test('sends every filter to the API and starts again at the first page', async () => {
  const urls = answerPersonas(30);
  renderWithApp(<PersonaGallery />);
  await screen.findByText('30 personas · page 1 of 2');
  await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
  await screen.findByText('30 personas · page 2 of 2');

  await userEvent.selectOptions(screen.getByLabelText('Status'), 'ACTIVE');
  await userEvent.selectOptions(screen.getByLabelText('Gender'), 'FEMALE');
  await userEvent.type(screen.getByLabelText('Age group'), '25-34');
  await userEvent.type(screen.getByLabelText('Country'), 'de');
  await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

  expect(await screen.findByText('30 personas match · page 1 of 2')).toBeInTheDocument();
  const last = urls.at(-1)!;
  expect(Object.fromEntries(last.searchParams)).toEqual({
    page: '1',
    pageSize: '24',
    status: 'ACTIVE',
    gender: 'FEMALE',
    ageGroup: '25-34',
    country: 'DE',
  });
});

test('says when no persona matches, apart from having none', async () => {
  answerPersonas(0);
  renderWithApp(<PersonaGallery />);
  expect(await screen.findByText('No personas yet')).toBeInTheDocument();

  await userEvent.type(screen.getByLabelText('Age group'), 'unknown');
  await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
  expect(await screen.findByText('No persona matches these filters')).toBeInTheDocument();
});

test('shows the API’s refusal of a filter beside its field', async () => {
  answerPersonas(30);
  renderWithApp(<PersonaGallery />);
  await screen.findByText('30 personas · page 1 of 2');

  await userEvent.type(screen.getByLabelText('Country'), 'xx');
  await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

  expect(await screen.findByText('These filters cannot be applied')).toBeInTheDocument();
  expect(screen.getByLabelText('Country')).toHaveAccessibleDescription('must match pattern "^[A-Z]{2}$"');
  expect(screen.getByLabelText('Country')).toHaveAttribute('aria-invalid', 'true');
});
