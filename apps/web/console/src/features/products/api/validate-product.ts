// The product form checks its input against the contract's own schema, so it refuses what the API
// would refuse, naming the same fields (body/name, body/keyFeatures/1, …).
import { ProductInput } from '@persona-lab/contracts';
import { Value } from 'typebox/value';

export interface ProductFieldErrors {
  [field: string]: string;
}

const MESSAGES: Record<string, string> = {
  name: 'Give the product a name (at most 200 characters)',
  description: 'Describe the product (at most 5,000 characters)',
  price: 'A price such as 19.99: not negative, at most two decimals',
  currency: 'A three-letter currency code such as EUR',
  category: 'Give a category (at most 100 characters)',
  keyFeatures: 'At most 30 features, each up to 200 characters',
};

/** Field (as the API names it) → message; empty when the input is valid. */
export function validateProduct(input: ProductInput): ProductFieldErrors {
  const errors: ProductFieldErrors = {};
  for (const error of Value.Errors(ProductInput, input)) {
    const path = error.instancePath.split('/').filter(Boolean);
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties;
    const top = path[0] ?? missing?.[0];
    if (top && !(`body/${top}` in errors)) errors[`body/${top}`] = MESSAGES[top] ?? error.message;
  }
  return errors;
}
