// The web app as the front door, through HTTP as a browser or an API client uses it, in front of
// every service as a real process: the browser session (cookie, CSRF, sign-out), an API client's
// bearer token, the security headers, SSE streamed through the proxy, health and metrics.
import { randomUUID } from 'node:crypto';

import type { AuthToken, ConsoleSession, StartFeedbackSessionResponse } from '@persona-lab/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { type Platform, startPlatform } from './platform.js';

const PASSWORD = 'correct horse battery';
let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});

afterAll(async () => {
  await platform?.close();
});

const url = (path: string) => `${platform.webUrl}${path}`;
const product = { name: 'Desk lamp', description: 'A warm LED lamp.', price: '49.00', category: 'Home', keyFeatures: ['dimmable'] };

/** A browser's cookie jar, enough for one origin. */
class Browser {
  private readonly cookies = new Map<string, string>();
  csrfToken = '';

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url(path), { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value) this.cookies.set(name!, value);
      else this.cookies.delete(name!);
    }
    return response;
  }

  async session(): Promise<ConsoleSession> {
    const session = (await (await this.fetch('/api/session')).json()) as ConsoleSession;
    this.csrfToken = session.csrfToken;
    return session;
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.fetch(path, {
      method: 'POST',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'x-csrf-token': this.csrfToken, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  has(name: string) {
    return this.cookies.has(name);
  }
}

async function signedUpBrowser(): Promise<{ browser: Browser; setCookie: string[] }> {
  const browser = new Browser();
  await browser.session();
  const response = await browser.post('/api/session/sign-up', { email: `${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD });
  expect(response.status).toBe(201);
  const session = (await response.json()) as ConsoleSession;
  browser.csrfToken = session.csrfToken;
  return { browser, setCookie: response.headers.getSetCookie() };
}

describe('the browser session', () => {
  test('signs up into an httpOnly, SameSite=Strict cookie and never gives the page the token', async () => {
    const browser = new Browser();
    await browser.session();
    const response = await browser.post('/api/session/sign-up', { email: `${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD });

    expect(response.status).toBe(201);
    const body = (await response.json()) as ConsoleSession & { accessToken?: unknown };
    expect(body.user?.email).toMatch(/@example.com$/);
    expect(body.accessToken).toBeUndefined();
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('persona-lab-session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=3600/);
    expect(((await (await browser.fetch('/api/auth/me')).json()) as { email: string }).email).toBe(body.user?.email);
  });

  test('refuses a state-changing request of the session without the CSRF token or from another site', async () => {
    const { browser } = await signedUpBrowser();

    const without = await browser.post('/api/products', product, { 'x-csrf-token': '' });
    const forged = await browser.post('/api/products', product, { 'x-csrf-token': 'forged' });
    const crossSite = await browser.post('/api/products', product, { origin: 'https://evil.example' });
    const sameSite = await browser.post('/api/products', product, { origin: platform.webUrl });

    for (const refused of [without, forged, crossSite]) {
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await refused.json()) as { code: string }).code).toBe('FORBIDDEN');
    }
    expect(sameSite.status).toBe(201);
    const ownerProducts = (await (await browser.fetch('/api/products')).json()) as { total: number };
    expect(ownerProducts.total).toBe(1);
  });

  test('signs out by clearing the cookie, after which the API answers 401', async () => {
    const { browser } = await signedUpBrowser();

    const out = await browser.post('/api/session/sign-out');

    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((line) => /^persona-lab-session=;/.test(line))).toBe(true);
    expect(browser.has('persona-lab-session')).toBe(false);
    expect((await browser.fetch('/api/products')).status).toBe(401);
    expect((await browser.session()).user).toBeNull();
  });

  test('signs out by revoking the token: a copy of the old cookie is refused by every service', async () => {
    const { browser, setCookie } = await signedUpBrowser();
    const token = setCookie
      .find((line) => line.startsWith('persona-lab-session='))!
      .split(';')[0]!
      .split('=')[1]!;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${platform.webUrl}/api/products`, { headers: bearer })).status).toBe(200);

    expect((await browser.post('/api/session/sign-out')).status).toBe(204);

    for (const path of ['/api/auth/me', '/api/products', '/api/personas', '/api/feedback-sessions']) {
      const refused = await fetch(`${platform.webUrl}${path}`, { headers: bearer });
      expect(refused.status, path).toBe(401);
      expect(((await refused.json()) as { code: string }).code, path).toBe('TOKEN_REVOKED');
    }
  });

  test('passes the auth-api’s refusal of a sign-in on as it came', async () => {
    const browser = new Browser();
    await browser.session();
    const response = await browser.post('/api/session/sign-in', { email: 'nobody@example.com', password: 'wrong' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: 'The email or password is wrong' });
  });
});

describe('the API under /api', () => {
  async function apiClient(): Promise<AuthToken> {
    const response = await fetch(url('/api/auth/register'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as AuthToken;
  }

  test('takes an API client’s own bearer token without a CSRF token, and answers a missing one with the service’s 401', async () => {
    const { accessToken } = await apiClient();
    const created = await fetch(url('/api/products'), {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'x-request-id': 'front-door-test-1' },
      body: JSON.stringify(product),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/^\/api\/products\/[0-9a-f-]{36}$/);
    expect(created.headers.get('x-request-id')).toBe('front-door-test-1');

    const anonymous = await fetch(url('/api/products'));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  test('streams a session’s progress events through the proxy as they happen', async () => {
    const { accessToken, userId } = await apiClient();
    const auth = { authorization: `Bearer ${accessToken}` };
    const stored = await platform.prisma.product.create({ data: { ownerId: userId, ...product } });
    // A persona still being generated keeps the session running, so its stream stays open.
    const persona = await platform.prisma.persona.create({ data: { ownerId: userId, status: 'GENERATING', interests: [] } });
    const started = await fetch(url('/api/feedback-sessions'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ productIds: [stored.id], personaIds: [persona.id], language: 'en' }),
    });
    const { sessionId } = (await started.json()) as StartFeedbackSessionResponse;

    const stream = await fetch(url(`/api/feedback-sessions/${sessionId}/events`), { headers: auth });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    // The first event arrives while the session still runs: a buffering proxy would hold it back.
    const first = await reader.read();
    expect(first.value).toMatch(/^event: progress\ndata: .*"status":"IN_PROGRESS"/);

    const cancelled = await fetch(url(`/api/feedback-sessions/${sessionId}/cancel`), { method: 'POST', headers: auth });
    expect(cancelled.status).toBe(200);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    expect(rest).toContain('"status":"CANCELLED"');
  });

  test('answers an unknown /api path with a problem, not the console page', async () => {
    const response = await fetch(url('/api/nothing-here'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  test('serves one OpenAPI document over every service, under /api, without internal or health routes', async () => {
    const document = (await (await fetch(url('/api/openapi.json'))).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/session/sign-in',
        '/api/auth/login',
        '/api/products/{id}',
        '/api/personas',
        '/api/feedback-sessions/{id}/export',
      ]),
    );
    expect(paths.filter((path) => !path.startsWith('/api/') || /internal|health|\{\*\}/.test(path))).toEqual([]);
    expect((await fetch(url('/api/docs/'))).status).toBe(200);
  });
});

describe('the web app itself', () => {
  test('serves the console with a CSP that allows no inline script, frame denial and no-sniff', async () => {
    const response = await fetch(url('/studies/some-deep-link'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root"></div>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('has the kit’s health and metrics', async () => {
    expect((await fetch(url('/health/ready'))).status).toBe(200);
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toContain('http_request_duration_seconds_bucket');
    expect(metrics).toContain('service="web"');
  });
});
