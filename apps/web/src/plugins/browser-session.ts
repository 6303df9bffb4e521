// The browser's session: the access token in an httpOnly, SameSite=Strict cookie, and CSRF protection
// for every state-changing request that the cookie authenticates. A request that brings its own
// Authorization header (an API client) is not cookie-authenticated and needs no CSRF token.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import { CSRF_HEADER } from '@persona-lab/contracts';
import { Errors } from '@persona-lab/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface BrowserSessionOptions {
  cookieSecret: string;
  /** HTTPS: Secure cookies with the __Host- prefix (bound to this host, path /). */
  secure: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest: a state-changing request must come from this origin with the CSRF token (the session routes). */
    requireCsrf: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** onRequest: the same, when the session cookie authenticates the request (the proxied API). */
    requireCsrfWithSession: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** The session cookie's access token, or undefined. */
    sessionTokenOf: (request: { cookies: Record<string, string | undefined> }) => string | undefined;
    startBrowserSession: (reply: FastifyReply, accessToken: string, expiresInSeconds: number) => void;
    endBrowserSession: (reply: FastifyReply) => void;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The Origin (or, lacking it, the Referer) names another site: refused before any token check. */
function crossOrigin(request: FastifyRequest): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (source === undefined) return false;
  try {
    return new URL(source).host !== request.host;
  } catch {
    return true;
  }
}

async function browserSession(app: FastifyInstance, options: BrowserSessionOptions): Promise<void> {
  const prefix = options.secure ? '__Host-' : '';
  const sessionCookie = `${prefix}persona-lab-session`;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secure } as const;

  await app.register(fastifyCookie, { secret: options.cookieSecret });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: `${prefix}persona-lab-csrf`,
    cookieOpts: { ...cookieOptions, signed: true },
    getToken: (request) => {
      const token = request.headers[CSRF_HEADER];
      return typeof token === 'string' ? token : undefined;
    },
  });

  // The plugin answers a missing or wrong token with its own error codes; say it as the kit's 403.
  const verifyToken = (request: FastifyRequest, reply: FastifyReply) =>
    new Promise<void>((resolve, reject) => {
      const refuse = () =>
        reject(new Errors.Forbidden(`This request needs a valid ${CSRF_HEADER} header (from GET /api/session); reload the page`));
      const probe = Object.create(reply, { send: { value: refuse } }) as FastifyReply;
      app.csrfProtection.call(app, request, probe, () => resolve());
    });

  app.decorate('sessionTokenOf', (request: { cookies: Record<string, string | undefined> }) => request.cookies[sessionCookie] || undefined);

  app.decorate('requireCsrf', async (request: FastifyRequest, reply: FastifyReply) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.authorization !== undefined) return; // an API client's own bearer token: no cookie is used
    if (crossOrigin(request)) throw new Errors.Forbidden('Cross-site requests are refused');
    await verifyToken(request, reply);
  });

  // Without the session cookie a request is anonymous or carries its own token: a forged one gains nothing.
  app.decorate('requireCsrfWithSession', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.cookies[sessionCookie]) await app.requireCsrf(request, reply);
  });

  app.decorate('startBrowserSession', (reply: FastifyReply, accessToken: string, expiresInSeconds: number) => {
    reply.setCookie(sessionCookie, accessToken, { ...cookieOptions, maxAge: expiresInSeconds });
  });

  app.decorate('endBrowserSession', (reply: FastifyReply) => {
    reply.clearCookie(sessionCookie, cookieOptions);
  });
}

export const browserSessionPlugin = fp(browserSession, { name: 'browser-session', fastify: '5.x' });
