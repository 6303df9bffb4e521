import { AuthToken, Credentials, LoginCredentials, Me } from '@persona-lab/contracts';
import { type App, contextOf, problemResponses, revokeToken } from '@persona-lab/service-kit';
import { Type } from 'typebox';

import { login, me, register } from '../domain/accounts.js';
import { normaliseEmail } from '../domain/email.js';

/** Normalised before validation, so " Foo@Example.COM " is checked and stored as "foo@example.com". */
async function normaliseEmailField(request: { body: unknown }): Promise<void> {
  const body = request.body;
  if (typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string') {
    body.email = normaliseEmail(body.email);
  }
}

export async function authRoutes(app: App): Promise<void> {
  app.post(
    '/auth/register',
    {
      preValidation: normaliseEmailField,
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        body: Credentials,
        response: { 201: AuthToken, ...problemResponses(400, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const token = await register(app.accounts, request.body, { ...contextOf(request), ip: request.ip });
      return reply.status(201).send(token);
    },
  );

  app.post(
    '/auth/login',
    {
      preValidation: normaliseEmailField,
      schema: {
        tags: ['auth'],
        summary: 'Exchange an email and password for an access token',
        body: LoginCredentials,
        response: { 200: AuthToken, ...problemResponses(400, 401, 413, 415, 429) },
      },
    },
    async (request) => login(app.accounts, request.body, { ...contextOf(request), ip: request.ip }),
  );

  app.get(
    '/auth/me',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'The account of the access token',
        security: [{ bearerAuth: [] }],
        response: { 200: Me, ...problemResponses(401) },
      },
    },
    async (request) => me(app.accounts, request.userId),
  );

  app.post(
    '/auth/logout',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'Sign out: the access token is refused by every service from now until it expires',
        security: [{ bearerAuth: [] }],
        response: { 204: Type.Null(), ...problemResponses(401, 503) },
      },
    },
    async (request, reply) => {
      const { jti, exp } = request.user;
      // Tokens issued before tokens had ids cannot be listed; they run out at their expiry.
      if (typeof jti === 'string' && typeof exp === 'number') await revokeToken(app.redis, jti, exp);
      request.log.info({ userId: request.userId }, 'signed out');
      return reply.status(204).send(null);
    },
  );
}
