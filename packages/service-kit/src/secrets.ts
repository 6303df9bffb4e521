// Comparing a presented credential with the configured one without leaking it through timing.
import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two secrets, whatever their lengths (both are hashed first). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
