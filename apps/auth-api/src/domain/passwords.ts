// Password hashing with argon2id. Verifying for an unknown email costs the same as for a known one,
// so response time does not reveal which emails have accounts.
import { randomBytes } from 'node:crypto';

import { argon2id, hash, needsRehash, verify } from 'argon2';

export interface HashCost {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
export const OWASP_MINIMUM_COST: HashCost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Whether `password` matches `storedHash`; with no stored hash it spends the same time on a dummy and says no. */
  verify(storedHash: string | undefined, password: string): Promise<boolean>;
  /** Whether `storedHash` was made with other parameters than the current ones. */
  needsRehash(storedHash: string): boolean;
}

/** Computes the dummy hash once, so call it at start-up. */
export async function createPasswordHasher(cost: HashCost = OWASP_MINIMUM_COST): Promise<PasswordHasher> {
  const options = { type: argon2id, ...cost };
  const hashPassword = (password: string) => hash(password, options);
  const dummyHash = await hashPassword(randomBytes(32).toString('base64url'));

  return {
    hash: hashPassword,
    async verify(storedHash, password) {
      if (storedHash === undefined) {
        await verify(dummyHash, password);
        return false;
      }
      return verify(storedHash, password);
    },
    needsRehash: (storedHash) => needsRehash(storedHash, cost),
  };
}
