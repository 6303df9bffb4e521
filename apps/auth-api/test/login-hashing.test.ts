// "An unknown email costs the same as a wrong password", checked by what is done rather than by
// timing: every login verifies one argon2 hash, whether the account exists, may sign in, or not.
import type * as Argon2 from 'argon2';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { login, PASSWORD, register, uniqueEmail, useAuthApi } from './helper.js';

// The seam is argon2's own verify, so a shortcut anywhere above it (the account service skipping the
// hasher, or the hasher skipping the dummy hash) is seen.
const { verifySpy } = vi.hoisted(() => ({ verifySpy: { calls: [] as string[] } }));
vi.mock('argon2', async (importOriginal) => {
  const argon2 = await importOriginal<typeof Argon2>();
  return {
    ...argon2,
    verify: async (digest: string, password: string | Buffer) => {
      verifySpy.calls.push(digest);
      return argon2.verify(digest, password);
    },
  };
});

const api = useAuthApi();
beforeEach(() => {
  verifySpy.calls = [];
});

const storedHashOf = async (email: string) => (await api.app.db.user.findUniqueOrThrow({ where: { email } })).passwordHash;

describe('password verification on login', () => {
  it('verifies one hash (a dummy) for an unknown email and answers 401', async () => {
    const res = await login(api.app, uniqueEmail('nobody'));

    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
    expect(verifySpy.calls).toHaveLength(1);
    expect(verifySpy.calls[0]).toMatch(/^\$argon2id\$/);
  });

  it('verifies the stored hash of an inactive account and answers 401', async () => {
    const email = uniqueEmail('inactive');
    await register(api.app, email);
    await api.app.db.user.update({ where: { email }, data: { isActive: false } });
    verifySpy.calls = [];

    const res = await login(api.app, email);
    expect(res.statusCode).toBe(401);
    expect(verifySpy.calls).toEqual([await storedHashOf(email)]);
  });

  it('verifies the stored hash of a soft-deleted account and answers 401', async () => {
    const email = uniqueEmail('deleted');
    await register(api.app, email);
    await api.app.db.user.update({ where: { email }, data: { deletedAt: new Date() } });
    verifySpy.calls = [];

    const res = await login(api.app, email);
    expect(res.statusCode).toBe(401);
    expect(verifySpy.calls).toEqual([await storedHashOf(email)]);
  });

  it('verifies the stored hash of a known account, for a wrong and a right password', async () => {
    const email = uniqueEmail('known');
    await register(api.app, email);
    const stored = await storedHashOf(email);
    verifySpy.calls = [];

    expect((await login(api.app, email, 'not-the-password')).statusCode).toBe(401);
    expect((await login(api.app, email, PASSWORD)).statusCode).toBe(200);
    expect(verifySpy.calls).toEqual([stored, stored]);
  });
});
