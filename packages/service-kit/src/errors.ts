// Every error a client can see, built once with a stable code, an HTTP status and a safe message.
import createError from '@fastify/error';

export const Errors = {
  ValidationFailed: createError('VALIDATION_FAILED', '%s', 400),
  MalformedJson: createError('MALFORMED_JSON', 'The request body is not valid JSON', 400),
  BadRequest: createError('BAD_REQUEST', '%s', 400),
  MalformedUrl: createError('MALFORMED_URL', 'The request URL is not valid percent-encoding', 400),
  RequestTimeout: createError('REQUEST_TIMEOUT', 'The request was not received in time', 408),
  PayloadTooLarge: createError('PAYLOAD_TOO_LARGE', 'The request body is larger than the %s bytes allowed', 413),
  UriTooLong: createError('URI_TOO_LONG', 'A path parameter is longer than the %s characters allowed', 414),
  UnsupportedMediaType: createError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type %s is not accepted; send application/json', 415),
  Unauthorized: createError('UNAUTHORIZED', '%s', 401),
  TokenExpired: createError('TOKEN_EXPIRED', 'The access token has expired; sign in again', 401),
  InvalidCredentials: createError('INVALID_CREDENTIALS', 'The email or password is wrong', 401),
  Forbidden: createError('FORBIDDEN', '%s', 403),
  NotFound: createError('NOT_FOUND', '%s', 404),
  RouteNotFound: createError('ROUTE_NOT_FOUND', 'No route %s %s', 404),
  EmailAlreadyExists: createError('EMAIL_ALREADY_EXISTS', 'An account with this email already exists', 409),
  Conflict: createError('CONFLICT', '%s', 409),
  UnprocessableEntity: createError('UNPROCESSABLE_ENTITY', '%s', 422),
  IdempotencyInFlight: createError(
    'IDEMPOTENCY_IN_FLIGHT',
    'A request with this Idempotency-Key is still being processed; retry later',
    409,
  ),
  IdempotencyKeyReused: createError(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used with a different request body',
    422,
  ),
  RateLimited: createError('RATE_LIMITED', 'Too many attempts; retry in %s seconds', 429),
  HeadersTooLarge: createError('HEADERS_TOO_LARGE', 'The request headers are larger than the %s bytes allowed', 431),
  QuotaExceeded: createError('QUOTA_EXCEEDED', '%s', 429),
  BadGateway: createError('UPSTREAM_FAILED', '%s', 502),
  ServiceUnavailable: createError('SERVICE_UNAVAILABLE', '%s', 503),
  Internal: createError('INTERNAL_ERROR', 'An unexpected error occurred', 500),
} as const;

/** The title shown for each code in problem+json. */
export const ERROR_TITLES: Record<string, string> = {
  VALIDATION_FAILED: 'Validation failed',
  BAD_REQUEST: 'Bad request',
  MALFORMED_JSON: 'Malformed JSON',
  MALFORMED_URL: 'Malformed URL',
  REQUEST_TIMEOUT: 'Request timeout',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  URI_TOO_LONG: 'URI too long',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  UNAUTHORIZED: 'Unauthorized',
  TOKEN_EXPIRED: 'Token expired',
  INVALID_CREDENTIALS: 'Invalid credentials',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  ROUTE_NOT_FOUND: 'Not found',
  EMAIL_ALREADY_EXISTS: 'Email already exists',
  CONFLICT: 'Conflict',
  UNPROCESSABLE_ENTITY: 'Unprocessable entity',
  IDEMPOTENCY_IN_FLIGHT: 'Request in flight',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused',
  RATE_LIMITED: 'Too many requests',
  HEADERS_TOO_LARGE: 'Request header fields too large',
  QUOTA_EXCEEDED: 'Quota exceeded',
  UPSTREAM_FAILED: 'Upstream service failed',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL_ERROR: 'Internal server error',
};

/**
 * A per-user limit was reached: 429 QUOTA_EXCEEDED naming the limit (problem member `limit`), with
 * Retry-After when waiting helps (a daily budget renews; a running session finishes).
 */
export function quotaExceeded(limit: string, detail: string, retryAfterSeconds?: number) {
  const error = new Errors.QuotaExceeded(detail);
  return Object.assign(error, { limit, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) }) });
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
