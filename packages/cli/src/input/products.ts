// The products of a research run, from flags or a JSON file, checked against the contract's
// ProductInput before anything is created, with messages that name the flag or the field.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ProductInput } from '@persona-lab/contracts';
import { Type } from 'typebox';

import { UserError } from '../errors.js';
import { fieldProblems, formatProblems, jsonPathLabel } from '../validation.js';

export interface ProductFlags {
  name?: string;
  description?: string;
  price?: string;
  currency?: string;
  category?: string;
  feature?: string[];
}

const FLAG_OF_FIELD: Record<string, string> = {
  name: '--name',
  description: '--description',
  price: '--price',
  currency: '--currency',
  category: '--category',
  keyFeatures: '--feature',
};

function flagLabel(pointer: string): string {
  const [field, index] = pointer.split('/').filter(Boolean);
  const flag = FLAG_OF_FIELD[field ?? ''] ?? field ?? 'product';
  return index === undefined ? flag : `${flag} #${Number(index) + 1}`;
}

export function hasProductFlags(flags: ProductFlags): boolean {
  return (
    [flags.name, flags.description, flags.price, flags.currency, flags.category].some((v) => v !== undefined) ||
    (flags.feature?.length ?? 0) > 0
  );
}

/** The product described by --name, --description, --price, --currency, --category and --feature. */
export function productFromFlags(flags: ProductFlags): ProductInput {
  // Flags not given stay out of the object, so the check says "is required" rather than "must be string";
  // without --currency, product-api's default currency applies.
  const given = Object.entries({
    name: flags.name,
    description: flags.description,
    price: flags.price,
    currency: flags.currency?.toUpperCase(),
    category: flags.category,
  }).filter(([, value]) => value !== undefined);
  const input = { ...Object.fromEntries(given), keyFeatures: flags.feature ?? [] };
  const problems = fieldProblems(ProductInput, input);
  if (problems.length) throw new UserError(`The product flags are not valid:\n${formatProblems(problems, flagLabel)}`);
  return input as ProductInput;
}

const ProductList = Type.Array(ProductInput, { minItems: 1, maxItems: 10 });

/** One product, or an array of them, from a JSON file (the same fields as POST /products). */
export function productsFromJson(text: string, fileName: string): ProductInput[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const problems = Array.isArray(value) ? fieldProblems(ProductList, value) : fieldProblems(ProductInput, value);
  if (problems.length) {
    const label = (pointer: string) => jsonPathLabel(pointer) || '(the whole file)';
    throw new UserError(`${fileName} is not a valid product (fields of POST /products):\n${formatProblems(problems, label)}`);
  }
  return (Array.isArray(value) ? value : [value]) as ProductInput[];
}

export async function productsFromFile(file: string, cwd: string): Promise<ProductInput[]> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read --product-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return productsFromJson(text, path.basename(file));
}
