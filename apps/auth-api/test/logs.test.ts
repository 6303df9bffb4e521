// Runs the real server (server.ts) as a child process and reads its pino output.
import { createTestDatabase, type ServiceProcess, startServiceProcess, type TestDatabase, testEnv, waitFor } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { uniqueEmail, uniqueNamespace } from './helper.js';

const PASSWORD = 'Log-Canary-Password-5d2e81';
const WRONG_PASSWORD = 'Log-Canary-Wrong-Guess-77ab';

let db: TestDatabase;
let server: ServiceProcess;

const logLines = () =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const post = (path: string, body: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServiceProcess(
    'auth-api',
    testEnv({ DATABASE_URL: db.url, LOG_LEVEL: 'info', LOGIN_LIMIT_NAMESPACE: uniqueNamespace() }),
  );
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe('auth-api logs', () => {
  it('logs every login attempt with email, outcome and IP, and never a password', async () => {
    const email = uniqueEmail('logged');
    expect((await post('/auth/register', JSON.stringify({ email, password: PASSWORD }))).status).toBe(201);
    expect((await post('/auth/register', JSON.stringify({ email, password: PASSWORD }))).status).toBe(409);
    expect((await post('/auth/login', JSON.stringify({ email, password: PASSWORD }))).status).toBe(200);
    expect((await post('/auth/login', JSON.stringify({ email, password: WRONG_PASSWORD }))).status).toBe(401);
    expect((await post('/auth/login', JSON.stringify({ email: uniqueEmail(), password: WRONG_PASSWORD }))).status).toBe(401);
    expect((await post('/auth/register', JSON.stringify({ email, password: PASSWORD.slice(0, 7) }))).status).toBe(400);
    expect((await post('/auth/login', `{"email":"${email}","password":"${PASSWORD}"`)).status).toBe(400);

    const attempts = await waitFor('three login attempts in the log', () => {
      const found = logLines().filter((line) => line.msg === 'login attempt');
      return found.length >= 3 ? found : undefined;
    });
    expect(attempts.map(({ email: e, outcome, ip }) => ({ email: e, outcome, ip }))).toEqual([
      { email, outcome: 'success', ip: '127.0.0.1' },
      { email, outcome: 'wrong-password', ip: '127.0.0.1' },
      { email: expect.any(String), outcome: 'unknown-email', ip: '127.0.0.1' },
    ]);
    expect(logLines().some((line) => line.msg === 'user registered' && line.email === email)).toBe(true);
    expect(server.output()).not.toContain(PASSWORD);
    expect(server.output()).not.toContain(PASSWORD.slice(0, 7));
    expect(server.output()).not.toContain(WRONG_PASSWORD);
  });
});
