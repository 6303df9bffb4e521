// The console's sign-up, sign-in and sign-out. The auth-api's token goes into the httpOnly session
// cookie and never into the page; the page gets the account and a CSRF token.
import { ConsoleSession, Credentials, LoginCredentials, type Me } from '@persona-lab/contracts';
import { type App, problemResponses } from '@persona-lab/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import { type AuthApi, type AuthApiCall, AuthApiRefusal } from '../domain/auth-api.js';

const docs = { tags: ['console session'] };

const callOf = (request: FastifyRequest): AuthApiCall => ({ requestId: request.id, clientIp: request.ip });

/** The auth-api's refusal (wrong password, taken email, invalid field, rate limit) goes back as it came. */
async function passRefusal(reply: FastifyReply, error: unknown): Promise<FastifyReply> {
  if (!(error instanceof AuthApiRefusal)) throw error;
  if (error.retryAfter) reply.header('retry-after', error.retryAfter);
  return reply.status(error.status).type(error.contentType).send(error.body);
}

export async function sessionRoutes(app: App, options: { authApi: AuthApi }): Promise<void> {
  const { authApi } = options;

  const signedIn = (reply: FastifyReply, user: Me | null): ConsoleSession => ({ user, csrfToken: reply.generateCsrf() });

  async function startSession(request: FastifyRequest, reply: FastifyReply, accessToken: string, expiresIn: number) {
    const user = await authApi.me(accessToken, callOf(request));
    if (!user) throw new Error('the auth-api refused the token it had just issued');
    app.startBrowserSession(reply, accessToken, expiresIn);
    request.log.info({ userId: user.userId }, 'browser session started');
    return signedIn(reply, user);
  }

  app.get(
    '/api/session',
    { schema: { ...docs, summary: 'The signed-in account (or null) and a CSRF token', response: { 200: ConsoleSession } } },
    async (request, reply) => {
      const token = app.sessionTokenOf(request);
      const user = token ? await authApi.me(token, callOf(request)) : undefined;
      if (token && !user) app.endBrowserSession(reply); // expired or no longer valid
      return signedIn(reply, user ?? null);
    },
  );

  app.post(
    '/api/session/sign-in',
    {
      onRequest: app.requireCsrf,
      schema: {
        ...docs,
        summary: 'Sign in: the session cookie is set',
        body: LoginCredentials,
        response: { 200: ConsoleSession, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      try {
        const token = await authApi.login(request.body, callOf(request));
        return await startSession(request, reply, token.accessToken, token.expiresIn);
      } catch (error) {
        return passRefusal(reply, error);
      }
    },
  );

  app.post(
    '/api/session/sign-up',
    {
      onRequest: app.requireCsrf,
      schema: {
        ...docs,
        summary: 'Create an account and sign in: the session cookie is set',
        body: Credentials,
        response: { 201: ConsoleSession, ...problemResponses(400, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      try {
        const token = await authApi.register(request.body, callOf(request));
        const session = await startSession(request, reply, token.accessToken, token.expiresIn);
        return reply.status(201).send(session);
      } catch (error) {
        return passRefusal(reply, error);
      }
    },
  );

  app.post(
    '/api/session/sign-out',
    {
      onRequest: app.requireCsrf,
      schema: {
        ...docs,
        summary: "Sign out: the session's token goes on the services' deny-list and the session cookie is cleared",
        response: { 204: Type.Null(), ...problemResponses(502) },
      },
    },
    async (request, reply) => {
      const token = app.sessionTokenOf(request);
      // Revoked first: if the auth-api cannot be reached, the session stays and sign-out can be tried again.
      if (token) await authApi.logout(token, callOf(request));
      app.endBrowserSession(reply);
      return reply.status(204).send(null);
    },
  );
}
