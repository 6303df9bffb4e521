// The one way a typed client calls another service's internal route: the service credential and the
// request id on every call, a timeout, got's retries where the route is safe to repeat, the answer
// checked against its contract, and every failure classified once (failure.ts) before the client
// turns it into its own error.
import { REQUEST_ID_HEADER, SERVICE_TOKEN_HEADER } from '@persona-lab/contracts';
import got, { type Got } from 'got';
import type { Static, TProperties, TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';

import { type CallFailure, failureFromAnswer, failureFromInvalidAnswer, failureFromTransport } from './failure.js';

export interface InternalHttpOptions<E extends Error> {
  /** The called service's name, as error messages say it: "ai-gateway", "persona-service". */
  service: string;
  /** e.g. http://127.0.0.1:3003 */
  baseUrl: string;
  serviceToken: string;
  /** Timeout of one attempt. */
  timeoutMs: number;
  /**
   * Attempts beyond the first, on these statuses or a network error (got's backoff in between);
   * only for a route that is safe to call twice. None by default.
   */
  retry?: { limit: number; statusCodes: number[] };
  /** The client's own error for a classified failure. */
  toError(failure: CallFailure): E;
}

export interface CallOptions {
  /** Sent as x-request-id so the called service's logs join the caller's. */
  requestId?: string;
  signal?: AbortSignal;
}

export interface InternalHttp {
  /** POSTs `body` as JSON to `path`; resolves with the answer when `validator` accepts it, rejects with the client's error. */
  post<S extends TSchema>(path: string, body: object, validator: Validator<TProperties, S>, call?: CallOptions): Promise<Static<S>>;
  /** GETs `path`; resolves with the answer when `validator` accepts it, rejects with the client's error. */
  get<S extends TSchema>(path: string, validator: Validator<TProperties, S>, call?: CallOptions): Promise<Static<S>>;
}

function reasonsOf<S extends TSchema>(validator: Validator<TProperties, S>, value: unknown): string {
  if (value === undefined) return 'not JSON';
  return validator
    .Errors(value)
    .slice(0, 3)
    .map((error) => `${error.instancePath} ${error.message}`)
    .join('; ');
}

export function createInternalHttp<E extends Error>(options: InternalHttpOptions<E>): InternalHttp {
  const { service, timeoutMs, toError } = options;
  const http: Got = got.extend({
    prefixUrl: options.baseUrl,
    headers: { [SERVICE_TOKEN_HEADER]: options.serviceToken },
    timeout: { request: timeoutMs },
    retry: options.retry ? { limit: options.retry.limit, methods: ['POST'], statusCodes: options.retry.statusCodes } : { limit: 0 },
    throwHttpErrors: false,
    responseType: 'text',
  });

  async function call<S extends TSchema>(
    method: 'get' | 'post',
    path: string,
    body: object | undefined,
    validator: Validator<TProperties, S>,
    call: CallOptions,
  ): Promise<Static<S>> {
    let response;
    try {
      response = await http(path.replace(/^\//, ''), {
        method: method === 'get' ? 'GET' : 'POST',
        ...(body !== undefined ? { json: body } : {}),
        headers: call.requestId ? { [REQUEST_ID_HEADER]: call.requestId } : {},
        signal: call.signal,
      });
    } catch (error) {
      throw toError(failureFromTransport(service, error, call.signal, timeoutMs));
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw toError(failureFromAnswer(service, response.statusCode, response.headers, response.body));
    }
    let value: unknown;
    try {
      value = JSON.parse(response.body);
    } catch {
      value = undefined;
    }
    if (!validator.Check(value)) {
      throw toError(failureFromInvalidAnswer(service, response.statusCode, reasonsOf(validator, value), call.requestId));
    }
    return value as Static<S>;
  }

  return {
    post: (path, body, validator, options = {}) => call('post', path, body, validator, options),
    get: (path, validator, options = {}) => call('get', path, undefined, validator, options),
  };
}
