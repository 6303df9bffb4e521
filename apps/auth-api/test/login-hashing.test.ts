// "An unknown email costs the same as a wrong password", checked by what is done rather than by
// timing: every login verifies one argon2 hash, whether the account exists, may sign in, or not.
import type * as Argon2 from 'argon2';
import type { App } from '@persona-lab/service-kit';
import { createTestDatabase, type TestDatabase } from '@persona-lab/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTestApp, login, PASSWORD, register, uniqueEmail } from './helper.js';

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

let db: TestDatabase;
let app: App;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildTestApp(db.url);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(() => {
  verifySpy.calls = [];
});

const storedHashOf = async (email: string) => (await app.db.user.findUniqueOrThrow({ where: { email } })).passwordHash;

describe('password verification on login', () => {
  it('verifies one hash (a dummy) for an unknown email and answers 401', async () => {
    const res = await login(app, uniqueEmail('nobody'));

    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
    expect(verifySpy.calls).toHaveLength(1);
    expect(verifySpy.calls[0]).toMatch(/^\$argon2id\$/);
  });

  it('verifies the stored hash of an inactive account and answers 401', async () => {
    const email = uniqueEmail('inactive');
    await register(app, email);
    await app.db.user.update({ where: { email }, data: { isActive: false } });
    verifySpy.calls = [];

    const res = await login(app, email);
    expect(res.statusCode).toBe(401);
    expect(verifySpy.calls).toEqual([await storedHashOf(email)]);
  });

  it('verifies the stored hash of a soft-deleted account and answers 401', async () => {
    const email = uniqueEmail('deleted');
    await register(app, email);
    await app.db.user.update({ where: { email }, data: { deletedAt: new Date() } });
    verifySpy.calls = [];

    const res = await login(app, email);
    expect(res.statusCode).toBe(401);
    expect(verifySpy.calls).toEqual([await storedHashOf(email)]);
  });

  it('verifies the stored hash of a known account, for a wrong and a right password', async () => {
    const email = uniqueEmail('known');
    await register(app, email);
    const stored = await storedHashOf(email);
    verifySpy.calls = [];

    expect((await login(app, email, 'not-the-password')).statusCode).toBe(401);
    expect((await login(app, email, PASSWORD)).statusCode).toBe(200);
    expect(verifySpy.calls).toEqual([stored, stored]);
  });

});
