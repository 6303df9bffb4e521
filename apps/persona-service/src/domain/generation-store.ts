// The two statements every generated persona runs, its claim and its store, as plain SQL on the pg pool
// under Prisma (`app.pg`). Through Prisma's models a persona's four queries (read, claim, the model
// call, the update) cost the persona-service ~6.8 ms of CPU per persona, most of it Prisma's runtime
// and the garbage it leaves: an audience session's 2,000 personas took a third of both cores for half a
// minute while its first results ran (issue #17, bench:dispatch). Here the claim returns the row it
// took, so the read goes, and the store writes the call that paid for the answer in the same statement.
// Neither is named: each run is planned for the table as it is then. A named statement keeps the plan
// its connection made at the sixth run, on whatever the table held then and, where autovacuum is off,
// without statistics: a connection that planned the claim on a small table kept the personas' audience
// index (owner_id, status, ...) for it, and read every queued persona of the user to claim one
// (bench:dispatch, pg_stat_user_indexes: 2,162 scans of that index read 4.4 million entries in a
// 2,000-persona audience session after a small one). Planning each run costs far less than that.
import type { PersonaModel, PgPool } from '@persona-lab/db';
import { insertModelCallsSql, type SubjectCall } from '@persona-lab/service-kit';

import type { generatedColumns, PersonaSourceRow } from './source.js';

/** What generating a persona reads of its row: who owns it and what it is to be generated from. */
export type PersonaToGenerate = Pick<PersonaModel, 'id' | 'ownerId'> & PersonaSourceRow;

export interface GenerationClaim {
  personaId: string;
  ownerId: string;
  claimToken: string;
  now: Date;
  expiresAt: Date;
  /** A redelivery, or a retry of the task (its earlier attempt has ended), may take over a live claim. */
  takeOverLiveClaim: boolean;
}

/**
 * The claim, returning what the persona is generated from. The lists as Prisma reads them: a row
 * created without one holds NULL, which Prisma reads as an empty list.
 */
const CLAIM = {
  text: `UPDATE personas SET status = 'GENERATING', claim_token = $3, claim_expires_at = $4, attempts = attempts + 1,
           updated_at = now()
         WHERE id = $1 AND owner_id = $2 AND deleted_at IS NULL AND status IN ('GENERATING', 'FAILED')
           AND ($5 OR claim_expires_at IS NULL OR claim_expires_at < $6)
     RETURNING id, owner_id AS "ownerId", gender, age, country, region, income_level AS "incomeLevel",
               COALESCE(interests, '{}') AS interests, COALESCE("values", '{}') AS "values", COALESCE(traits, '{}') AS traits,
               psychographics_notes AS "psychographicsNotes"`,
};

/**
 * Takes a queued persona of the task's user for this delivery (GENERATING or FAILED, and nobody else's
 * live lease unless `takeOverLiveClaim`), and returns what it is to be generated from; null when the persona is not one to take now (missing,
 * another user's, deleted, ACTIVE, or under another delivery's live claim), which the caller then reads.
 */
export async function claimForGeneration(pool: PgPool, claim: GenerationClaim): Promise<PersonaToGenerate | null> {
  const { rows } = await pool.query<PersonaToGenerate>({
    ...CLAIM,
    values: [claim.personaId, claim.ownerId, claim.claimToken, claim.expiresAt, claim.takeOverLiveClaim, claim.now],
  });
  return rows[0] ?? null;
}

export interface GeneratedToStore {
  persona: Pick<PersonaModel, 'id' | 'ownerId'>;
  claimToken: string;
  columns: ReturnType<typeof generatedColumns>;
  /** The call that paid for the answer, and what it served (the session it counts toward, if any). */
  paid: SubjectCall;
}

/**
 * The persona made ACTIVE with what the model wrote, if this delivery still holds its claim; and the
 * model call stored either way, as it was paid for (a data-modifying `WITH` runs whether or not the
 * update finds its row). What the persona was queued with (a session's variation: gender and age)
 * stays: it is what find-or-create matches on; the model fills only what was left open.
 */
function storeStatement({ persona, claimToken, columns, paid }: GeneratedToStore) {
  const calls = insertModelCallsSql([paid]);
  const offset = calls.values.length;
  const text = `WITH calls AS (${calls.text})
    UPDATE personas SET name = $${offset + 3}, detailed_bio = $${offset + 4}, product_attitudes = $${offset + 5},
        gender = COALESCE(gender, $${offset + 6}), age = COALESCE(age, $${offset + 7}::int), age_group = $${offset + 8},
        race = $${offset + 9}, status = 'ACTIVE', failure_reason = NULL, claim_token = NULL, claim_expires_at = NULL,
        updated_at = now()
      WHERE id = $${offset + 1} AND status = 'GENERATING' AND claim_token = $${offset + 2}::uuid`;
  const values = [
    ...calls.values,
    persona.id,
    claimToken,
    columns.name,
    columns.detailedBio,
    columns.productAttitudes,
    columns.gender,
    columns.age,
    columns.ageGroup,
    columns.race,
  ];
  return { text, values };
}

/** Stores a generated persona (see `storeStatement`); false when its claim was taken over, so nothing but the call was stored. */
export async function storeGenerated(pool: PgPool, generated: GeneratedToStore): Promise<boolean> {
  const { rowCount } = await pool.query(storeStatement(generated));
  return rowCount === 1;
}
