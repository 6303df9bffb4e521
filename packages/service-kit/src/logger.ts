import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/** Paths pino blanks out wherever they appear in a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-service-token"]',
  'headers.authorization',
  'headers["x-service-token"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  'password',
  'token',
  'accessToken',
  'apiKey',
];

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}

/**
 * The logger domain code writes to: the request's or the message's child logger, passed per call
 * (never a module-level logger), so every line carries its request id.
 */
export type Logger = FastifyBaseLogger;

/** What a domain call gets from its caller besides its arguments: who asked, and where to log. */
export interface RequestContext {
  requestId: string;
  log: Logger;
}

/** The context of a domain call made for an HTTP request. */
export const contextOf = (request: FastifyRequest): RequestContext => ({ requestId: request.id, log: request.log });
