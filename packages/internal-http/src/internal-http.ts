// The one way a typed client calls another service's internal route: the service credential and the
// request id on every call, a timeout, retries with backoff where the route is safe to repeat, the
// answer checked against its contract, and every failure classified once (failure.ts) before the
// client turns it into its own error.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

import { REQUEST_ID_HEADER, SERVICE_TOKEN_HEADER } from '@persona-lab/contracts';
import type { Static, TProperties, TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';

import { backoffCeiling, type BackoffPolicy } from './backoff.js';
import { type CallFailure, failureFromAnswer, failureFromInvalidAnswer, failureFromTransport } from './failure.js';
import { exchange, type HttpAnswer } from './http-exchange.js';

export interface InternalHttpOptions<E extends Error> {
  /** The called service's name, as error messages say it: "ai-gateway", "persona-service". */
  service: string;
  /** e.g. http://127.0.0.1:3003 */
  baseUrl: string;
  serviceToken: string;
  /** Timeout of one attempt. */
  timeoutMs: number;
  /**
   * Attempts beyond the first, on these statuses, a network error or a timeout (1 s, 2 s, 4 s ... in
   * between, longer when the answer's Retry-After asks); only for a route that is safe to call twice.
   * None by default.
   */
  retry?: { limit: number; statusCodes: number[] };
  /** The client's own error for a classified failure. */
  toError(failure: CallFailure): E;
}

export interface CallOptions {
  /** Sent as x-request-id so the called service's logs join the caller's. */
  requestId?: string;
  signal?: AbortSignal;
  /** This call's whole-call timeout instead of the client's, for a call that does more at the other end. */
  timeoutMs?: number;
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

/** got's schedule, which these clients kept: 1 s doubling, uncapped (a client allows a few retries). */
const RETRY_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: Number.POSITIVE_INFINITY };

/** The wait before retry `retry` (1-based): the schedule's ceiling plus up to 100 ms of jitter, or longer when Retry-After asks. */
function backoffMs(retry: number, failure: CallFailure): number {
  const backoff = backoffCeiling(retry, RETRY_BACKOFF) + Math.random() * 100;
  return Math.max(backoff, (failure.retryAfterSeconds ?? 0) * 1_000);
}

export function createInternalHttp<E extends Error>(options: InternalHttpOptions<E>): InternalHttp {
  const { service, timeoutMs, toError, retry } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  /** One attempt: the answer, or the classified failure of a call that got none. */
  async function attempt(method: 'GET' | 'POST', url: URL, json: string | undefined, call: CallOptions): Promise<HttpAnswer | CallFailure> {
    const headers: Record<string, string> = { [SERVICE_TOKEN_HEADER]: options.serviceToken };
    if (call.requestId) headers[REQUEST_ID_HEADER] = call.requestId;
    const callTimeoutMs = call.timeoutMs ?? timeoutMs;
    try {
      return await exchange(url, { method, json, headers, agents, timeoutMs: callTimeoutMs, signal: call.signal });
    } catch (error) {
      return failureFromTransport(service, error, call.signal, callTimeoutMs);
    }
  }

  async function send<S extends TSchema>(
    method: 'GET' | 'POST',
    path: string,
    body: object | undefined,
    validator: Validator<TProperties, S>,
    call: CallOptions,
  ): Promise<Static<S>> {
    const url = new URL(`${baseUrl}/${path.replace(/^\//, '')}`);
    const json = body === undefined ? undefined : JSON.stringify(body);
    for (let retries = 0; ; retries += 1) {
      const answer = await attempt(method, url, json, call);
      const ok = 'statusCode' in answer && answer.statusCode >= 200 && answer.statusCode < 300;
      const failure = ok
        ? undefined
        : 'statusCode' in answer
          ? failureFromAnswer(service, answer.statusCode, answer.headers, answer.body)
          : answer;
      if (failure === undefined) return checked(answer as HttpAnswer, validator, call);
      const again =
        retry !== undefined &&
        retries < retry.limit &&
        (failure.status === undefined ? failure.retryable : retry.statusCodes.includes(failure.status));
      if (!again) throw toError(failure);
      try {
        await sleep(backoffMs(retries + 1, failure), undefined, { signal: call.signal });
      } catch (error) {
        throw toError(failureFromTransport(service, error, call.signal, call.timeoutMs ?? timeoutMs));
      }
    }
  }

  function checked<S extends TSchema>(answer: HttpAnswer, validator: Validator<TProperties, S>, call: CallOptions): Static<S> {
    let value: unknown;
    try {
      value = JSON.parse(answer.body);
    } catch {
      value = undefined;
    }
    if (!validator.Check(value)) {
      throw toError(failureFromInvalidAnswer(service, answer.statusCode, reasonsOf(validator, value), call.requestId));
    }
    return value as Static<S>;
  }

  return {
    post: (path, body, validator, call = {}) => send('POST', path, body, validator, call),
    get: (path, validator, call = {}) => send('GET', path, undefined, validator, call),
  };
}
