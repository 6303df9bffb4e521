import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';

import { ids, result, study } from '../../../test/fixtures';
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

const rows = () => screen.getAllByRole('button', { name: /^Open the answer of/ }).map((b) => b.getAttribute('aria-label'));

test('filters the answers by product, intent and persona together', async () => {
  renderWithApp(<AnswersTable study={study(null, answers)} />);
  expect(rows()).toHaveLength(4);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Product' }), 'Trail shoe');
  expect(rows()).toEqual(['Open the answer of Ann Example on Trail shoe', 'Open the answer of Ben Sample on Trail shoe']);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Intent' }), '8');
  expect(rows()).toEqual(['Open the answer of Ann Example on Trail shoe']);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Intent' }), 'likely');
  await userEvent.type(screen.getByRole('searchbox', { name: 'Persona' }), 'ben');
  expect(rows()).toEqual(['Open the answer of Ben Sample on Trail shoe']);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Product' }), 'City sneaker');
  expect(screen.getByText('No answer matches these filters')).toBeInTheDocument();
  expect(screen.getByText('0 of 4 answers')).toBeInTheDocument();
});

test('lists failed answers and opens one persona’s full answer', async () => {
  renderWithApp(<AnswersTable study={study(null, answers)} />);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Intent' }), 'failed');
  expect(rows()).toEqual(['Open the answer of Ben Sample on City sneaker']);
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Intent' }), '');
  await userEvent.click(screen.getByRole('button', { name: 'Open the answer of Ann Example on Trail shoe' }));

  const dialog = within(screen.getByRole('dialog', { hidden: true }));
  expect(dialog.getByRole('heading', { name: 'Ann Example on Trail shoe', hidden: true })).toBeInTheDocument();
  expect(dialog.getByText('I like the sole but the price is steep.')).toBeInTheDocument();
  expect(dialog.getByText('I might buy it on sale.')).toBeInTheDocument();
  expect(dialog.getByText('Heavy')).toBeInTheDocument();
  expect(dialog.getByText(/31 · female · 26-35 · Bavaria, DE · middle/)).toBeInTheDocument();
});

test('an answer of a completed study opens an interview with its persona; a cancelled study’s does not', async () => {
  renderWithApp(<AnswersTable study={study(null, answers)} />);
  await userEvent.click(screen.getByRole('button', { name: 'Open the answer of Ben Sample on Trail shoe' }));
  const link = within(screen.getByRole('dialog', { hidden: true })).getByRole('link', { name: 'Interview Ben Sample', hidden: true });
  expect(link).toHaveAttribute('href', `/studies/${ids.study}/interviews/${ids.ben}`);
  cleanup();

  renderWithApp(<AnswersTable study={{ ...study(null, answers), status: 'CANCELLED' }} />);
  await userEvent.click(screen.getByRole('button', { name: 'Open the answer of Ben Sample on Trail shoe' }));
  expect(within(screen.getByRole('dialog', { hidden: true })).queryByRole('link', { hidden: true })).not.toBeInTheDocument();
});
