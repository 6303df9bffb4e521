// Comparing a presented credential with the configured one without leaking it through timing.
import { createHash, timingSafeEqual } from 'node:crypto';

const digestOf = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Constant-time equality with one configured secret, whatever the lengths (both sides are compared
 * as SHA-256 digests). The configured secret's digest is computed once, so a check per request
 * hashes only the presented credential.
 */
export function secretMatcher(expected: string): (given: string) => boolean {
  const expectedDigest = digestOf(expected);
  return (given) => timingSafeEqual(digestOf(given), expectedDigest);
}
