// The personas of one owner: reads, the list, and soft delete. Every query is scoped to the owner
// and to live rows, so another user's persona and a deleted one look exactly like a missing one.
import { type Persona, type PersonaListQuery, type PersonaStatus, UNKNOWN_SEGMENT } from '@persona-lab/contracts';
import { type PersonaModel, Prisma, type PrismaClient } from '@persona-lab/db';
import { Errors } from '@persona-lab/service-kit';

export const PERSONA_NOT_FOUND = 'Persona not found';

const NEWEST_FIRST: Prisma.PersonaOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

/** The one mapping from a stored row to the contract shape. */
export function toPersona(row: PersonaModel): Persona {
  return {
    id: row.id,
    status: row.status as PersonaStatus,
    name: row.name,
    detailedBio: row.detailedBio,
    productAttitudes: row.productAttitudes,
    gender: row.gender,
    ageGroup: row.ageGroup,
    age: row.age,
    race: row.race,
    country: row.country,
    region: row.region,
    incomeLevel: row.incomeLevel,
    interests: row.interests,
    values: row.values,
    traits: row.traits,
    generationStrategy: row.generationStrategy,
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The list's filters as a query: "unknown" finds the personas whose age group is empty, as the insights' segments count them. */
function listFilterOf(ownerId: string, query: PersonaListQuery): Prisma.PersonaWhereInput {
  const ageGroup = query.ageGroup?.trim();
  return {
    ownerId,
    deletedAt: null,
    ...(query.status ? { status: query.status } : {}),
    ...(query.gender ? { gender: query.gender } : {}),
    ...(query.country ? { country: query.country } : {}),
    ...(ageGroup === undefined
      ? {}
      : ageGroup.toLowerCase() === UNKNOWN_SEGMENT
        ? { OR: [{ ageGroup: null }, { ageGroup: '' }, { ageGroup: { equals: UNKNOWN_SEGMENT, mode: 'insensitive' } }] }
        : { ageGroup }),
  };
}

export async function listPersonas(db: PrismaClient, ownerId: string, query: PersonaListQuery) {
  const where = listFilterOf(ownerId, query);
  const [total, rows] = await db.$transaction(
    [
      db.persona.count({ where }),
      db.persona.findMany({ where, orderBy: NEWEST_FIRST, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  return { items: rows.map(toPersona), page: query.page, pageSize: query.pageSize, total };
}

export async function getPersona(db: PrismaClient, ownerId: string, id: string): Promise<Persona> {
  const row = await db.persona.findFirst({ where: { id, ownerId, deletedAt: null } });
  if (!row) throw new Errors.NotFound(PERSONA_NOT_FOUND);
  return toPersona(row);
}

/** Soft delete: feedback results may refer to the persona, so the row stays. */
export async function deletePersona(db: PrismaClient, ownerId: string, id: string): Promise<void> {
  const { count } = await db.persona.updateMany({ where: { id, ownerId, deletedAt: null }, data: { deletedAt: new Date() } });
  if (count === 0) throw new Errors.NotFound(PERSONA_NOT_FOUND);
}
