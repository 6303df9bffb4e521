import type { Product } from '@persona-lab/contracts';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test, vi } from 'vitest';

import { ApiError } from '../../../lib/api-client';
import { problem, renderWithApp } from '../../../test/render';
import { ProductForm } from './product-form';

const noop = () => {};

test('refuses what the API would refuse, naming each field, and sends nothing', async () => {
  const onSubmit = vi.fn();
  renderWithApp(<ProductForm submitLabel="Create product" pending={false} error={null} onSubmit={onSubmit} onCancel={noop} />);

  await userEvent.type(screen.getByLabelText('Description'), 'A light shoe.');
  await userEvent.type(screen.getByLabelText('Price'), '12.345');
  await userEvent.type(screen.getByLabelText('Currency'), 'eu');
  await userEvent.click(screen.getByRole('button', { name: 'Create product' }));

  expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Give the product a name (at most 200 characters)');
  expect(screen.getByLabelText('Price')).toHaveAccessibleDescription(
    'e.g. 129.00 A price such as 19.99: not negative, at most two decimals',
  );
  expect(screen.getByLabelText('Currency')).toHaveAccessibleDescription(/A three-letter currency code/);
  expect(screen.getByLabelText('Category')).toHaveAttribute('aria-invalid', 'true');
  expect(screen.getByLabelText('Description')).not.toHaveAttribute('aria-invalid');
  expect(onSubmit).not.toHaveBeenCalled();
});

test('sends a valid product as the contract has it: trimmed, one feature per line, the currency in capitals', async () => {
  const onSubmit = vi.fn();
  renderWithApp(<ProductForm submitLabel="Create product" pending={false} error={null} onSubmit={onSubmit} onCancel={noop} />);

  await userEvent.type(screen.getByLabelText('Name'), ' Trail shoe ');
  await userEvent.type(screen.getByLabelText('Description'), 'A light trail shoe.');
  await userEvent.type(screen.getByLabelText('Price'), '129.00');
  await userEvent.type(screen.getByLabelText('Currency'), 'eur');
  await userEvent.type(screen.getByLabelText('Category'), 'Footwear');
  await userEvent.type(screen.getByLabelText('Key features'), 'Vibram sole{enter}{enter} recycled upper ');
  await userEvent.click(screen.getByRole('button', { name: 'Create product' }));

  expect(onSubmit).toHaveBeenCalledWith({
    name: 'Trail shoe',
    description: 'A light trail shoe.',
    price: '129.00',
    currency: 'EUR',
    category: 'Footwear',
    keyFeatures: ['Vibram sole', 'recycled upper'],
  });
});

test('shows the API’s problem beside the field it names, and edits start from the stored product', () => {
  const product: Product = {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Trail shoe',
    description: 'A light trail shoe.',
    price: '129.00',
    currency: 'USD',
    category: 'Footwear',
    keyFeatures: ['Vibram sole'],
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
  const error = new ApiError(
    400,
    problem(400, 'VALIDATION_FAILED', 'body/category is too long', [{ field: 'body/category', message: 'is too long' }]),
  );
  renderWithApp(<ProductForm initial={product} submitLabel="Save changes" pending={false} error={error} onSubmit={noop} onCancel={noop} />);

  expect(screen.getByLabelText('Name')).toHaveValue('Trail shoe');
  expect(screen.getByLabelText('Key features')).toHaveValue('Vibram sole');
  expect(screen.getByLabelText('Category')).toHaveAccessibleDescription('is too long');
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});
