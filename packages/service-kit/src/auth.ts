// User tokens (HS256 JWT, issuer and audience checked) and the service credential of internal routes.
import { timingSafeEqual, createHash } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from './errors.js';

export const SERVICE_TOKEN_HEADER = 'x-service-token';
const ALGORITHM = 'HS256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuthOptions {
  /** Absent for a service that only takes the service credential (its `authenticate` refuses everyone). */
  jwtSecret?: string;
  issuer?: string;
  audience?: string;
  /** Required for services that expose internal routes. */
  serviceToken?: string;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string };
    user: { sub: string };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: the request carries a valid user token; `request.userId` is its subject. */
    authenticate: preHandlerAsyncHookHandler;
    /** preHandler: the request carries the service credential (internal routes). */
    requireServiceToken: preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    userId: string;
  }
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function auth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  app.decorateRequest('userId', '');
  if (options.jwtSecret) {
    await app.register(fastifyJwt, {
      secret: options.jwtSecret,
      sign: { algorithm: ALGORITHM, iss: options.issuer, aud: options.audience },
      verify: { algorithms: [ALGORITHM], allowedIss: options.issuer, allowedAud: options.audience },
    });
  }

  app.decorate('authenticate', async (request: FastifyRequest) => {
    if (!options.jwtSecret) throw new Errors.Unauthorized('This service accepts no user tokens');
    await request.jwtVerify();
    const subject = request.user.sub;
    // Every user id is a UUID; anything else (a token minted elsewhere) would fail deep in a query.
    if (typeof subject !== 'string' || !UUID.test(subject)) throw new Errors.Unauthorized('The access token has no valid subject');
    request.userId = subject;
  });

  app.decorate('requireServiceToken', async (request: FastifyRequest) => {
    const given = request.headers[SERVICE_TOKEN_HEADER];
    if (!options.serviceToken || typeof given !== 'string' || !sameSecret(given, options.serviceToken)) {
      throw new Errors.Unauthorized('This internal route requires a valid service credential');
    }
  });
}

// Re-exported so that a compiled consumer also loads @fastify/jwt's FastifyInstance.jwt augmentation.
export type { FastifyJWT } from '@fastify/jwt';

export const authPlugin = fp(auth, { name: 'persona-lab-auth', fastify: '5.x' });
