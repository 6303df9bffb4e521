// Create or edit a product; the contract's schema checks it first, then the API's problem names the field.
import type { Product, ProductInput } from '@persona-lab/contracts';
import { type FormEvent, useState } from 'react';

import { Field } from '../../../components/ui/field';
import { ApiError } from '../../../lib/api-client';
import { type ProductFieldErrors, validateProduct } from '../api/validate-product';

interface ProductFormProps {
  initial?: Product;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: ProductInput) => void;
  onCancel: () => void;
}

const featuresOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function ProductForm({ initial, submitLabel, pending, error, onSubmit, onCancel }: ProductFormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [price, setPrice] = useState(initial?.price ?? '');
  const [currency, setCurrency] = useState(initial?.currency ?? '');
  const [category, setCategory] = useState(initial?.category ?? '');
  const [features, setFeatures] = useState(initial?.keyFeatures.join('\n') ?? '');
  const [checked, setChecked] = useState<ProductFieldErrors>({});

  const apiError = error instanceof ApiError ? error : undefined;
  const messageFor = (field: string) => checked[`body/${field}`] ?? apiError?.fieldMessage(`body/${field}`);
  const named = ['name', 'description', 'price', 'currency', 'category', 'keyFeatures'].some((f) => apiError?.fieldMessage(`body/${f}`));
  const formError = error && !named ? (apiError?.message ?? 'The server could not be reached') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: ProductInput = {
      name: name.trim(),
      description: description.trim(),
      price: price.trim(),
      category: category.trim(),
      keyFeatures: featuresOf(features),
      ...(currency.trim() ? { currency: currency.trim().toUpperCase() } : {}),
    };
    const errors = validateProduct(input);
    setChecked(errors);
    if (Object.keys(errors).length === 0) onSubmit(input);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={submitLabel}>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <Field label="Name" error={messageFor('name')}>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </Field>
      <Field label="Description" error={messageFor('description')}>
        <textarea rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <div className="form-row">
        <Field label="Price" error={messageFor('price')} hint="e.g. 129.00">
          <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </Field>
        <Field label="Currency" error={messageFor('currency')} hint="ISO code; empty for the default">
          <input value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={3} autoCapitalize="characters" />
        </Field>
      </div>
      <Field label="Category" error={messageFor('category')}>
        <input value={category} onChange={(e) => setCategory(e.target.value)} maxLength={100} />
      </Field>
      <Field label="Key features" error={messageFor('keyFeatures')} hint="One per line">
        <textarea rows={3} value={features} onChange={(e) => setFeatures(e.target.value)} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
