// Every error a client can see, built once with a stable code, an HTTP status and a safe message.
import createError, { type FastifyErrorConstructor } from '@fastify/error';

interface ErrorSpec {
  code: string;
  status: number;
  /** The problem+json `title`: the same for every error of the code. */
  title: string;
  /** The problem+json `detail` unless the thrower words it; `%s` takes the thrower's arguments in order. */
  message: string;
}

/** One row per error code; the constructors below and every problem title come from it. */
const ERROR_TABLE = {
  ValidationFailed: { code: 'VALIDATION_FAILED', status: 400, title: 'Validation failed', message: '%s' },
  MalformedJson: { code: 'MALFORMED_JSON', status: 400, title: 'Malformed JSON', message: 'The request body is not valid JSON' },
  BadRequest: { code: 'BAD_REQUEST', status: 400, title: 'Bad request', message: '%s' },
  MalformedUrl: { code: 'MALFORMED_URL', status: 400, title: 'Malformed URL', message: 'The request URL is not valid percent-encoding' },
  RequestTimeout: { code: 'REQUEST_TIMEOUT', status: 408, title: 'Request timeout', message: 'The request was not received in time' },
  PayloadTooLarge: {
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    title: 'Payload too large',
    message: 'The request body is larger than the %s bytes allowed',
  },
  UriTooLong: {
    code: 'URI_TOO_LONG',
    status: 414,
    title: 'URI too long',
    message: 'A path parameter is longer than the %s characters allowed',
  },
  UnsupportedMediaType: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    title: 'Unsupported media type',
    message: 'This Content-Type is not accepted; send application/json',
  },
  Unauthorized: { code: 'UNAUTHORIZED', status: 401, title: 'Unauthorized', message: '%s' },
  TokenExpired: { code: 'TOKEN_EXPIRED', status: 401, title: 'Token expired', message: 'The access token has expired; sign in again' },
  TokenRevoked: { code: 'TOKEN_REVOKED', status: 401, title: 'Token revoked', message: 'The access token was signed out; sign in again' },
  InvalidCredentials: { code: 'INVALID_CREDENTIALS', status: 401, title: 'Invalid credentials', message: 'The email or password is wrong' },
  Forbidden: { code: 'FORBIDDEN', status: 403, title: 'Forbidden', message: '%s' },
  NotFound: { code: 'NOT_FOUND', status: 404, title: 'Not found', message: '%s' },
  RouteNotFound: { code: 'ROUTE_NOT_FOUND', status: 404, title: 'Not found', message: 'No route %s %s' },
  EmailAlreadyExists: {
    code: 'EMAIL_ALREADY_EXISTS',
    status: 409,
    title: 'Email already exists',
    message: 'An account with this email already exists',
  },
  Conflict: { code: 'CONFLICT', status: 409, title: 'Conflict', message: '%s' },
  UnprocessableEntity: { code: 'UNPROCESSABLE_ENTITY', status: 422, title: 'Unprocessable entity', message: '%s' },
  IdempotencyInFlight: {
    code: 'IDEMPOTENCY_IN_FLIGHT',
    status: 409,
    title: 'Request in flight',
    message: 'A request with this Idempotency-Key is still being processed; retry later',
  },
  IdempotencyKeyReused: {
    code: 'IDEMPOTENCY_KEY_REUSED',
    status: 422,
    title: 'Idempotency key reused',
    message: 'This Idempotency-Key was already used with a different request body',
  },
  RateLimited: { code: 'RATE_LIMITED', status: 429, title: 'Too many requests', message: 'Too many attempts; retry in %s seconds' },
  HeadersTooLarge: {
    code: 'HEADERS_TOO_LARGE',
    status: 431,
    title: 'Request header fields too large',
    message: 'The request headers are larger than the %s bytes allowed',
  },
  QuotaExceeded: { code: 'QUOTA_EXCEEDED', status: 429, title: 'Quota exceeded', message: '%s' },
  BadGateway: { code: 'UPSTREAM_FAILED', status: 502, title: 'Upstream service failed', message: '%s' },
  ServiceUnavailable: { code: 'SERVICE_UNAVAILABLE', status: 503, title: 'Service unavailable', message: '%s' },
  Internal: { code: 'INTERNAL_ERROR', status: 500, title: 'Internal server error', message: 'An unexpected error occurred' },
} as const satisfies Record<string, ErrorSpec>;

type ErrorTable = typeof ERROR_TABLE;

/** The constructor of each error, by name: `throw new Errors.NotFound('Product not found')`. */
export const Errors = Object.fromEntries(
  Object.entries(ERROR_TABLE).map(([name, spec]) => [name, createError(spec.code, spec.message, spec.status)]),
) as {
  readonly [Name in keyof ErrorTable]: FastifyErrorConstructor<{ code: ErrorTable[Name]['code']; statusCode: ErrorTable[Name]['status'] }>;
};

const TITLES = new Map<string, string>(Object.values(ERROR_TABLE).map((spec) => [spec.code, spec.title]));

/** The problem+json title of one of the kit's codes; undefined for any other code (a framework's, say). */
export function errorTitle(code: string): string | undefined {
  return TITLES.get(code);
}

/**
 * A per-user limit was reached: 429 QUOTA_EXCEEDED naming the limit (problem member `limit`), with
 * Retry-After when waiting helps (a daily budget renews; a running session finishes).
 */
export function quotaExceeded(limit: string, detail: string, retryAfterSeconds?: number) {
  const error = new Errors.QuotaExceeded(detail);
  return Object.assign(error, {
    limit,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) }),
  });
}

/**
 * A validation error about one named field, for errors found after schema validation. `field` is
 * written as schema validation writes it: the request part (body, querystring, params, headers),
 * then a JSON pointer into it, e.g. `body/demographics/minAge`, `body/keyFeatures/1`, `params/id`.
 */
export function fieldError(field: string, message: string) {
  const error = new Errors.ValidationFailed(`${field} ${message}`);
  return Object.assign(error, { fields: [{ field, message }] });
}
