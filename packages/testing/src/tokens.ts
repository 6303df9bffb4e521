// Bearer tokens made by hand, byte by byte, to present what no correct issuer would sign: other
// algorithms, missing claims, payloads that are not objects.
import { createHmac, randomBytes } from 'node:crypto';

import { TEST_SECRETS } from './env.js';

export interface CraftedToken {
  /** The JOSE header; `{ alg: 'HS256', typ: 'JWT' }` unless given. */
  header?: unknown;
  /** Any JSON value, so non-object payloads can be tried; `claims` is used when absent. */
  payload?: unknown;
  /** Claims added to a complete valid set (iss, aud, iat, exp + 10 min); `undefined` removes one. */
  claims?: Record<string, unknown>;
  /** The HMAC that signs: 'sha256' (HS256) unless given; 'random' puts 32 random bytes instead. */
  hmac?: 'sha256' | 'sha384' | 'sha512' | 'random' | 'none';
  secret?: string;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims every token of the platform carries: issuer and audience as in the services' tests. */
export function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: 'persona-lab-auth', aud: 'persona-lab', iat: now, exp: now + 600, ...overrides };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

export function craftToken({ header, payload, claims, hmac = 'sha256', secret = TEST_SECRETS.JWT_SECRET }: CraftedToken = {}): string {
  const input = `${encode(header ?? { alg: 'HS256', typ: 'JWT' })}.${encode(payload === undefined ? validClaims(claims) : payload)}`;
  const signature =
    hmac === 'none'
      ? ''
      : hmac === 'random'
        ? randomBytes(32).toString('base64url')
        : createHmac(hmac, secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}
