// Rows a test arranges directly in the database, when what it tests starts after them.
import type { PrismaClient } from '@persona-lab/db';

/** `count` ACTIVE personas of `ownerId`, varied in age, gender and attitude. */
export async function createActivePersonas(db: PrismaClient, ownerId: string, count: number) {
  const personas = [];
  for (let i = 0; i < count; i += 1) {
    personas.push(
      await db.persona.create({
        data: {
          ownerId,
          status: 'ACTIVE',
          name: `Persona ${i + 1}`,
          detailedBio: `Persona ${i + 1} is a ${25 + i * 7}-year-old who runs on weekends and watches every euro spent.`,
          productAttitudes: i % 2 ? 'Pays for quality that lasts.' : 'Hunts for discounts and compares prices.',
          age: 25 + i * 7,
          gender: i % 2 ? 'MALE' : 'FEMALE',
          interests: ['running'],
        },
      }),
    );
  }
  return personas;
}
