// The deny-list of signed-out tokens: a token's id (its `jti`) is kept in Redis until the token would
// have expired anyway, and every service's `authenticate` refuses a token whose id is on it.
import type { Redis } from 'ioredis';

const keyOf = (tokenId: string) => `persona-lab:revoked-token:${tokenId}`;

/** Puts the token on the deny-list until `expiresAt` (seconds since the epoch, the token's `exp`). */
export async function revokeToken(redis: Redis, tokenId: string, expiresAt: number, now = Date.now()): Promise<void> {
  const ttlMs = expiresAt * 1000 - now;
  if (ttlMs <= 0) return; // already expired: nothing left to refuse
  await redis.set(keyOf(tokenId), '1', 'PX', ttlMs);
}

export async function isTokenRevoked(redis: Redis, tokenId: string): Promise<boolean> {
  return (await redis.exists(keyOf(tokenId))) === 1;
}
