// The products of one owner. Every read and write is scoped to the owner and to live (not deleted)
// rows, so another user's product and a deleted one are indistinguishable from a missing one.
import type { PageQuery, Product, ProductInput, ProductPage, ProductPatch } from '@persona-lab/contracts';
import { Prisma, type ProductModel } from '@persona-lab/db';
import { Errors } from '@persona-lab/service-kit';

import type { ProductDeps } from './deps.js';
import { formatPrice, parsePrice } from './price.js';

const NOT_FOUND = 'Product not found';

const liveProductOf = (ownerId: string, id: string) => ({ id, ownerId, deletedAt: null });

/** The one mapping from a stored row to the contract shape. */
export function toProduct(row: ProductModel): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: formatPrice(row.price),
    currency: row.currency,
    category: row.category,
    keyFeatures: row.keyFeatures,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function createProduct({ db, defaultCurrency }: ProductDeps, ownerId: string, input: ProductInput): Promise<Product> {
  try {
    const row = await db.product.create({
      data: {
        ownerId,
        name: input.name,
        description: input.description,
        price: parsePrice(input.price),
        currency: input.currency ?? defaultCurrency,
        category: input.category,
        keyFeatures: input.keyFeatures,
      },
    });
    return toProduct(row);
  } catch (error) {
    // A valid token whose user row is gone: the owner foreign key fails.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') {
      throw new Errors.Unauthorized('The account of this access token no longer exists');
    }
    throw error;
  }
}

/** A listing row as pg returns it: numeric as text, which becomes a Decimal before toProduct. */
type ProductPageRow = Omit<ProductModel, 'price'> & { price: string; total: number };

/**
 * A page of the owner's live products, newest first (the id breaks ties, so pages never overlap or
 * skip; this matches the products index). One statement, so one snapshot: `total` (a window count
 * computed before LIMIT) agrees with the items without a transaction. It runs on the pg pool under
 * Prisma rather than through Prisma: this is the hottest read, and Prisma's runtime around the
 * query was most of its cost (packages/bench, `bench:api`). Columns are aliased to the model's
 * field names so toProduct stays the one mapping.
 */
export async function listProducts({ pg: pool }: ProductDeps, ownerId: string, { page, pageSize }: PageQuery): Promise<ProductPage> {
  const { rows } = await pool.query<ProductPageRow>(
    `SELECT id, owner_id AS "ownerId", name, description, price, currency, category, key_features AS "keyFeatures",
            deleted_at AS "deletedAt", created_at AS "createdAt", updated_at AS "updatedAt",
            (count(*) OVER ())::int AS total
       FROM products
      WHERE owner_id = $1::uuid AND deleted_at IS NULL
      ORDER BY created_at DESC, id DESC
      LIMIT $2 OFFSET $3`,
    [ownerId, pageSize, (page - 1) * pageSize],
  );
  // A page past the end has no row to carry the window count: count on its own.
  const total =
    rows[0]?.total ??
    (
      await pool.query<{ total: number }>('SELECT count(*)::int AS total FROM products WHERE owner_id = $1::uuid AND deleted_at IS NULL', [
        ownerId,
      ])
    ).rows[0]!.total;
  return { items: rows.map((row) => toProduct({ ...row, price: new Prisma.Decimal(row.price) })), page, pageSize, total };
}

export async function getProduct({ db }: ProductDeps, ownerId: string, id: string): Promise<Product> {
  const row = await db.product.findFirst({ where: liveProductOf(ownerId, id) });
  if (!row) throw new Errors.NotFound(NOT_FOUND);
  return toProduct(row);
}

/** PUT: every field is replaced (a missing currency becomes the default, as on creation). */
export function replaceProduct({ db, defaultCurrency }: ProductDeps, ownerId: string, id: string, input: ProductInput): Promise<Product> {
  return updateLiveProduct(db, ownerId, id, {
    name: input.name,
    description: input.description,
    price: parsePrice(input.price),
    currency: input.currency ?? defaultCurrency,
    category: input.category,
    keyFeatures: input.keyFeatures,
  });
}

/** PATCH: only the fields given change. */
export function patchProduct({ db }: ProductDeps, ownerId: string, id: string, patch: ProductPatch): Promise<Product> {
  const { price, ...text } = patch;
  return updateLiveProduct(db, ownerId, id, { ...text, ...(price === undefined ? {} : { price: parsePrice(price) }) });
}

/** Soft delete: the row stays (feedback results may refer to it) but is gone for its owner. */
export async function deleteProduct({ db }: ProductDeps, ownerId: string, id: string): Promise<void> {
  const { count } = await db.product.updateMany({ where: liveProductOf(ownerId, id), data: { deletedAt: new Date() } });
  if (count === 0) throw new Errors.NotFound(NOT_FOUND);
}

// A conditional write: the owner and liveness are part of the UPDATE's WHERE, so there is no
// window between a check and the write, and a foreign or deleted product is never touched.
async function updateLiveProduct(
  db: ProductDeps['db'],
  ownerId: string,
  id: string,
  data: Prisma.ProductUpdateManyMutationInput,
): Promise<Product> {
  const [row] = await db.product.updateManyAndReturn({ where: liveProductOf(ownerId, id), data });
  if (!row) throw new Errors.NotFound(NOT_FOUND);
  return toProduct(row);
}
