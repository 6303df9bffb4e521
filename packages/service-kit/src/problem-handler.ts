// Maps every error to RFC 9457 problem+json with a stable code; 5xx bodies never carry internals.
// That includes what fails before a route runs: Fastify's router (frameworkErrors) and Node's HTTP
// parser (clientErrorHandler), which would otherwise answer in their own JSON shape.
import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import type { ProblemDetails } from '@persona-lab/contracts';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { Errors, errorTitle } from './errors.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Longest path parameter the router matches; a longer one is 414 URI_TOO_LONG (Fastify's default). */
export const MAX_PARAM_LENGTH = 100;

interface FieldProblem {
  field: string;
  message: string;
}

type KitError = FastifyError & { fields?: FieldProblem[]; limit?: string; retryAfterSeconds?: number; headers?: Record<string, string> };

/**
 * The field path of a validation issue, in the one notation of every `errors[].field` (see `fieldError`):
 * the request part, then Ajv's instancePath, a JSON pointer, extended by the missing or extra property.
 */
function fieldOf(context: string, instancePath: string, property?: string): string {
  const pointer = property === undefined ? instancePath : `${instancePath}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return `${context}${pointer}`;
}

function validationProblems(error: FastifyError): FieldProblem[] {
  const context = error.validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
    const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
    const message = extra ? 'is not an allowed field' : (issue.message ?? 'is invalid');
    return { field: fieldOf(context, issue.instancePath, missing ?? extra), message };
  });
}

/** Turns framework errors (router, parser, validation, JWT) into the kit's coded errors. */
function normalise(error: KitError, request: FastifyRequest): KitError {
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
      return new Errors.PayloadTooLarge(String(request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit));
    case 'FST_ERR_BAD_URL':
      return new Errors.MalformedUrl();
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new Errors.UriTooLong(String(MAX_PARAM_LENGTH));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Errors.UnsupportedMediaType();
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

export function problemFor(instance: string, error: KitError): ProblemDetails {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  const known = error.code !== undefined && errorTitle(error.code) !== undefined;
  // Our own errors carry safe messages; a framework's 4xx is safe too; anything else is hidden.
  const code = known ? error.code : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR';
  const detail = known || status < 500 ? error.message : 'An unexpected error occurred';
  const problem: ProblemDetails = {
    type: `https://persona-lab.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: errorTitle(code) ?? 'Error',
    status,
    detail,
    code,
    instance,
  };
  if (error.fields?.length) problem.errors = error.fields;
  if (known && error.limit) problem.limit = error.limit;
  return problem;
}

/** Answers `rawError` as problem+json, logging a 4xx at info and a 5xx at error with its cause. */
export function replyWithProblem(request: FastifyRequest, reply: FastifyReply, rawError: KitError) {
  const error = normalise(rawError, request);
  const problem = problemFor(request.id, error);
  if (problem.status >= 500) {
    request.log.error({ err: rawError }, 'request failed');
  } else {
    const cause = causeCode(error);
    request.log.info(
      { code: problem.code, status: problem.status, detail: problem.detail, ...(cause ? { cause } : {}) },
      'request rejected',
    );
  }
  if (error.headers) reply.headers(error.headers);
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  // Framework errors are answered before the onRequest hook that normally sets it.
  reply.header(REQUEST_ID_HEADER, request.id);
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((rawError: KitError, request: FastifyRequest, reply: FastifyReply) => replyWithProblem(request, reply, rawError));

  app.setNotFoundHandler((request, reply) => {
    const problem = problemFor(request.id, new Errors.RouteNotFound(request.method, request.url.split('?')[0]));
    return reply.status(404).type('application/problem+json').send(problem);
  });
}

/** The kit's error for what Node's HTTP parser refused, before any request object exists. */
function connectionProblem(error: ConnectionError): KitError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return new Errors.HeadersTooLarge(String(maxHeaderSize));
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new Errors.RequestTimeout();
  return new Errors.BadRequest('The request is not valid HTTP/1.1');
}

/**
 * Fastify's `clientErrorHandler`: answers an unparseable request (oversized headers, not HTTP, too slow)
 * as problem+json with a fresh request id, then closes the connection, whose parser state is lost.
 */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const id = randomUUID();
  const problem = problemFor(id, connectionProblem(error));
  this.log.info({ reqId: id, code: problem.code, status: problem.status, cause: error.code }, 'request rejected');
  if (socket.writable) {
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${REQUEST_ID_HEADER}: ${id}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
