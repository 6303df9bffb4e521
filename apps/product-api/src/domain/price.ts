// Prices are exact to the cent: held as decimals end to end, never as binary floats.
import { Prisma } from '@persona-lab/db';
import { fieldError } from '@persona-lab/service-kit';

/**
 * The price as a decimal. The contract already bounds strings; a JSON number such as
 * 0.30000000000000004 (0.1 + 0.2 in a client) passes the schema, and is refused here rather than rounded.
 */
export function parsePrice(price: string | number): Prisma.Decimal {
  const value = new Prisma.Decimal(price);
  if (value.decimalPlaces() > 2) throw fieldError('body/price', 'must have at most two decimal places');
  return value.isZero() ? new Prisma.Decimal(0) : value; // no "-0"
}

/** The price as the API answers it: a string with exactly two decimals, e.g. "19.90". */
export function formatPrice(price: Prisma.Decimal): string {
  return price.toFixed(2);
}
