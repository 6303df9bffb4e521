// The signed-in user every service's tests arrange: a row in the users table and a bearer token for
// it, signed as auth-api signs its tokens, so a test of another service needs no running auth-api.
import { randomUUID } from 'node:crypto';

import type { PrismaClient } from '@persona-lab/db';

import { craftToken } from './tokens.js';

export interface SignedInUser {
  userId: string;
  /** The bare JWT, for tests that take it apart. */
  token: string;
  /** `{ authorization: 'Bearer …' }`, ready to spread into a request's headers. */
  headers: { authorization: string };
}

/** Stores a user (a unique email, a password hash no test signs in with) and answers its id. */
export async function createUser(db: PrismaClient): Promise<string> {
  const user = await db.user.create({ data: { email: `user-${randomUUID()}@example.com`, passwordHash: 'not-used' } });
  return user.id;
}

/**
 * The authorization header of a valid token for `userId` (HS256 with the tests' JWT_SECRET, the
 * platform's issuer and audience); `claims` adds or replaces claims, e.g. an `exp` in the past.
 */
export function tokenFor(userId: string, claims: Record<string, unknown> = {}): { authorization: string } {
  return { authorization: `Bearer ${craftToken({ claims: { sub: userId, ...claims } })}` };
}

/** A new user and a token for it, as if it had just signed in through auth-api. */
export async function signIn(db: PrismaClient): Promise<SignedInUser> {
  const userId = await createUser(db);
  const headers = tokenFor(userId);
  return { userId, token: headers.authorization.slice('Bearer '.length), headers };
}
