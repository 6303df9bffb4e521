import { type Static, Type } from 'typebox';

import { Page } from './pagination.js';
import { Text } from './text.js';

/** Exact to the cent: a non-negative decimal string or number with at most two decimals. */
const Price = Type.Union(
  [Type.String({ pattern: '^(0|[1-9]\\d{0,9})(\\.\\d{1,2})?$', maxLength: 13 }), Type.Number({ minimum: 0, maximum: 9_999_999_999.99 })],
  { description: 'Non-negative, at most two decimals, e.g. "19.99"' },
);

/** ISO 4217 alphabetic code. When a product is created without one, product-api's `DEFAULT_CURRENCY` applies. */
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. USD, EUR' });

// Lengths match the columns of the products table (VARCHAR(200), VARCHAR(5000), VARCHAR(100)).
const productFields = {
  name: Text(200),
  description: Text(5000),
  price: Price,
  currency: Type.Optional(CurrencyCode),
  category: Text(100),
  keyFeatures: Type.Array(Text(200), { maxItems: 30 }),
};

export const ProductInput = Type.Object(productFields, { additionalProperties: false });
export type ProductInput = Static<typeof ProductInput>;

export const ProductPatch = Type.Partial(Type.Object(productFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ProductPatch = Static<typeof ProductPatch>;

export const ProductParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const Product = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.String(),
  price: Type.String({ description: 'Decimal string, two places' }),
  currency: CurrencyCode,
  category: Type.String(),
  keyFeatures: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Product = Static<typeof Product>;

export const ProductPage = Page(Product);
export type ProductPage = Static<typeof ProductPage>;
