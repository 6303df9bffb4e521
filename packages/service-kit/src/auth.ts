// User tokens (HS256 JWT, issuer and audience checked) and the service credential of internal routes.
import fastifyJwt from '@fastify/jwt';
import { SERVICE_TOKEN_HEADER } from '@persona-lab/contracts';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';

import { Errors } from './errors.js';
import { secretMatcher } from './secrets.js';
import { isTokenRevoked } from './token-revocations.js';

// The header name lives in the contracts (the clients send it); re-exported for the kit's users.
export { SERVICE_TOKEN_HEADER };

const ALGORITHM = 'HS256';
/** A token lacking any of these is refused: without `exp` it would never expire, without `iss`/`aud` they go unchecked. */
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'sub'];
/** Lifetime of a token signed without one (auth-api always gives its configured JWT_TTL_SECONDS). */
const DEFAULT_TTL_SECONDS = 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuthOptions {
  /** Absent for a service that only takes the service credential (its `authenticate` refuses everyone). */
  jwtSecret?: string;
  issuer?: string;
  audience?: string;
  /** Required for services that expose internal routes. */
  serviceToken?: string;
  /**
   * Refuse tokens on the deny-list of signed-out tokens (in `app.redis`, so the Redis plugin must be
   * registered first). Every service that takes user tokens turns it on.
   */
  checkRevocations?: boolean;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; jti?: string };
    user: { sub: string; jti?: string; exp?: number };
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

/**
 * Whatever jwtVerify throws is about the token the client sent (a bad header, payload, signature or
 * claim; @fastify/jwt passes several fast-jwt errors through without a status), so it is always a
 * 401 with one of two stable codes, never a 500. The original error stays as the cause for the log.
 */
function tokenRejected(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' || code === 'FAST_JWT_EXPIRED') {
    return new Errors.TokenExpired({ cause: error });
  }
  if (code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER') return new Errors.Unauthorized('A bearer token is required', { cause: error });
  return new Errors.Unauthorized('The access token is invalid', { cause: error });
}

/** Whether the token was signed out; when Redis cannot say, the request is refused rather than let through. */
async function revokedOrUnknown(app: FastifyInstance, tokenId: string): Promise<boolean> {
  try {
    return await isTokenRevoked(app.redis, tokenId);
  } catch (error) {
    throw new Errors.ServiceUnavailable('Whether this token was signed out cannot be checked just now', { cause: error });
  }
}

async function auth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  if (options.checkRevocations && !app.hasDecorator('redis')) {
    throw new Error('authPlugin: checkRevocations needs the Redis plugin registered first');
  }
  app.decorateRequest('userId', '');
  if (options.jwtSecret) {
    await app.register(fastifyJwt, {
      secret: options.jwtSecret,
      sign: { algorithm: ALGORITHM, iss: options.issuer, aud: options.audience, expiresIn: DEFAULT_TTL_SECONDS },
      verify: {
        algorithms: [ALGORITHM],
        allowedIss: options.issuer,
        allowedAud: options.audience,
        requiredClaims: REQUIRED_CLAIMS,
      },
    });
  }

  app.decorate('authenticate', async (request: FastifyRequest) => {
    if (!options.jwtSecret) throw new Errors.Unauthorized('This service accepts no user tokens');
    try {
      await request.jwtVerify();
    } catch (error) {
      throw tokenRejected(error);
    }
    const subject = request.user.sub;
    // Every user id is a UUID; anything else (a token minted elsewhere) would fail deep in a query.
    if (typeof subject !== 'string' || !UUID.test(subject)) throw new Errors.Unauthorized('The access token has no valid subject');
    const tokenId = request.user.jti;
    if (options.checkRevocations && typeof tokenId === 'string' && (await revokedOrUnknown(app, tokenId))) {
      throw new Errors.TokenRevoked();
    }
    request.userId = subject;
  });

  const isServiceToken = options.serviceToken ? secretMatcher(options.serviceToken) : () => false;
  app.decorate('requireServiceToken', async (request: FastifyRequest) => {
    const given = request.headers[SERVICE_TOKEN_HEADER];
    if (typeof given !== 'string' || !isServiceToken(given)) {
      throw new Errors.Unauthorized('This internal route requires a valid service credential');
    }
  });
}

// Re-exported so that a compiled consumer also loads @fastify/jwt's FastifyInstance.jwt augmentation.
export type { FastifyJWT } from '@fastify/jwt';

export const authPlugin = fp(auth, { name: 'persona-lab-auth', fastify: '5.x' });
