import { describe, expect, it } from 'vitest';

import { login, me, register, uniqueEmail, useAuthApi } from './helper.js';

const api = useAuthApi();

const logout = (token: string) => api.app.inject({ method: 'POST', url: '/auth/logout', headers: { authorization: `Bearer ${token}` } });

describe('POST /auth/logout', () => {
  it('refuses the signed-out token from then on, and only that token', async () => {
    const email = uniqueEmail();
    const first = (await register(api.app, email)).json().accessToken as string;
    const second = (await login(api.app, email)).json().accessToken as string;
    expect((await me(api.app, first)).statusCode).toBe(200);

    const out = await logout(first);

    expect(out.statusCode).toBe(204);
    const refused = await me(api.app, first);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
    expect((await logout(first)).json().code).toBe('TOKEN_REVOKED');
    expect((await me(api.app, second)).statusCode).toBe(200);
  });

  it('keeps the token on the deny-list until the token would expire, and no longer', async () => {
    const token = (await register(api.app, uniqueEmail())).json().accessToken as string;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string; exp: number };
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);

    await logout(token);

    const ttlMs = await api.app.redis.pttl(`persona-lab:revoked-token:${claims.jti}`);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(claims.exp * 1000 - Date.now() + 1_000);
  });

  it('requires a token', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/auth/logout' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });
});
