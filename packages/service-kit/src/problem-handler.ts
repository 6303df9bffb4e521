// Maps every error to RFC 9457 problem+json with a stable code; 5xx bodies never carry internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemDetails } from '@persona-lab/contracts';
import { ERROR_TITLES, Errors } from './errors.js';

interface FieldProblem {
  field: string;
  message: string;
}

type KitError = FastifyError & { fields?: FieldProblem[]; limit?: string; retryAfterSeconds?: number; headers?: Record<string, string> };

function fieldOf(instancePath: string, missing?: string): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (missing) return path ? `${path}.${missing}` : missing;
  return path;
}

function validationProblems(error: FastifyError): FieldProblem[] {
  const context = error.validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
    const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
    const field = fieldOf(issue.instancePath, missing ?? extra);
    const message = extra ? 'is not an allowed field' : (issue.message ?? 'is invalid');
    return { field: `${context}${field ? `/${field}` : ''}`, message };
  });
}

/** Turns framework errors (parser, validation, JWT) into the kit's coded errors. */
function normalise(error: KitError): KitError {
  if (error.validation) {
    const fields = validationProblems(error);
    const detail = fields.map((f) => `${f.field} ${f.message}`).join('; ');
    return Object.assign(new Errors.ValidationFailed(detail), { fields });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Errors.MalformedJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Errors.PayloadTooLarge('limit of');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Errors.UnsupportedMediaType('this');
    case 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED':
    case 'FAST_JWT_EXPIRED':
      return new Errors.TokenExpired({ cause: error });
    case 'FST_JWT_NO_AUTHORIZATION_IN_HEADER':
      return new Errors.Unauthorized('A bearer token is required', { cause: error });
    default:
      // `authenticate` maps its own token errors; this catches a route that verifies a token itself.
      if (isTokenError(error)) return new Errors.Unauthorized('The access token is invalid', { cause: error });
      return error;
  }
}

/** An error of @fastify/jwt (FST_JWT_*) or of fast-jwt underneath it (FAST_JWT_*), some of which carry no status. */
const isTokenError = (error: KitError) =>
  typeof error.code === 'string' && (error.code.startsWith('FST_JWT_') || error.code.startsWith('FAST_JWT_'));

/** The code of the error behind a coded one (a token's fast-jwt reason), for the log only. */
const causeCode = (error: KitError): string | undefined => {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

export function problemFor(request: FastifyRequest, error: KitError): ProblemDetails {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  const known = error.code !== undefined && ERROR_TITLES[error.code] !== undefined;
  // Our own errors carry safe messages; a framework's 4xx is safe too; anything else is hidden.
  const code = known ? error.code : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR';
  const detail = known || status < 500 ? error.message : 'An unexpected error occurred';
  const problem: ProblemDetails = {
    type: `https://persona-lab.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: ERROR_TITLES[code] ?? 'Error',
    status,
    detail,
    code,
    instance: request.id,
  };
  if (error.fields?.length) problem.errors = error.fields;
  if (known && error.limit) problem.limit = error.limit;
  return problem;
}

export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((rawError: KitError, request: FastifyRequest, reply: FastifyReply) => {
    const error = normalise(rawError);
    const problem = problemFor(request, error);
    if (problem.status >= 500) {
      request.log.error({ err: rawError }, 'request failed');
    } else {
      const cause = causeCode(error);
      request.log.info({ code: problem.code, status: problem.status, detail: problem.detail, ...(cause ? { cause } : {}) }, 'request rejected');
    }
    if (error.headers) reply.headers(error.headers);
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.status(problem.status).type('application/problem+json').send(problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = problemFor(request, new Errors.RouteNotFound(request.method, request.url.split('?')[0]));
    return reply.status(404).type('application/problem+json').send(problem);
  });
}
