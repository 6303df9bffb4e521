// One got client per service: bearer token, answers checked against the contracts, and every
// failure turned into a CliError once (service down, token rejected, problem+json, bad answer).
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

import { ProblemDetails } from '@persona-lab/contracts';
import got, { type Got, type Response } from 'got';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

import { CliError, ExitCode, ProblemError, ServiceUnavailableError, TokenRejectedError } from '../errors.js';

export interface ServiceHttpOptions {
  /** The service's name in messages, e.g. feedback-service */
  service: string;
  baseUrl: string;
  timeoutMs?: number;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  searchParams?: Record<string, string | number>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

export function unreachableMessage(service: string, baseUrl: string): string {
  return `${service} is not reachable at ${baseUrl} — is the platform running? Start it with \`bash scripts/start.sh\``;
}

/** No answer: the service is down, unreachable or too slow. Anything else is rethrown as is. */
export function transportError(error: unknown, service: string, baseUrl: string): Error {
  if (error instanceof CliError) return error;
  const code = (error as { code?: unknown }).code;
  if ((error as Error).name === 'TimeoutError' || code === 'ETIMEDOUT') {
    return new ServiceUnavailableError(`${service} at ${baseUrl} did not answer in time — is it overloaded or stuck?`);
  }
  if ((error as Error).name === 'ReadError' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new ServiceUnavailableError(`The connection to ${service} at ${baseUrl} dropped`);
  }
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return new ServiceUnavailableError(unreachableMessage(service, baseUrl));
  return error instanceof Error ? error : new Error(String(error));
}

/** A non-2xx answer: its problem+json when it has one, the status otherwise. */
export function responseError(service: string, status: number, body: string, withToken: boolean): CliError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const problem = Value.Check(ProblemDetails, parsed) ? parsed : { code: `HTTP_${status}`, detail: `${service} answered HTTP ${status}` };
  const error = new ProblemError(service, status, problem);
  return status === 401 && withToken ? new TokenRejectedError(service, error) : error;
}

const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();
function validatorOf(schema: TSchema) {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

export function createServiceHttp({ service, baseUrl, timeoutMs = DEFAULT_TIMEOUT_MS }: ServiceHttpOptions) {
  const http: Got = got.extend({
    prefixUrl: baseUrl,
    // A command is short and the user can run it again; a retry would only delay the message.
    retry: { limit: 0 },
    throwHttpErrors: false,
    responseType: 'text',
  });

  const headersOf = (call: CallOptions) => ({ ...call.headers, ...(call.token ? { authorization: `Bearer ${call.token}` } : {}) });

  async function send(method: 'GET' | 'POST', path: string, call: CallOptions, json?: object): Promise<Response<string>> {
    let response: Response<string>;
    try {
      response = await http(path, {
        method,
        json,
        headers: headersOf(call),
        searchParams: call.searchParams,
        timeout: { request: timeoutMs },
      });
    } catch (error) {
      throw transportError(error, service, baseUrl);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw responseError(service, response.statusCode, response.body, call.token !== undefined);
    }
    return response;
  }

  function checked<S extends TSchema>(response: Response<string>, schema: S): Static<S> {
    let value: unknown;
    try {
      value = JSON.parse(response.body);
    } catch {
      value = undefined;
    }
    const validator = validatorOf(schema);
    if (!validator.Check(value)) {
      const reasons =
        value === undefined
          ? 'not JSON'
          : [...validator.Errors(value)]
              .slice(0, 3)
              .map((error) => `${error.instancePath || '/'} ${error.message}`)
              .join('; ');
      throw new CliError(
        `${service} answered ${response.url} outside its contract (${reasons}); is it the same version as this CLI?`,
        ExitCode.serviceUnavailable,
      );
    }
    return value as Static<S>;
  }

  return {
    service,
    baseUrl,
    async getJson<S extends TSchema>(path: string, schema: S, call: CallOptions = {}): Promise<Static<S>> {
      return checked(await send('GET', path, call), schema);
    },
    async postJson<S extends TSchema>(path: string, body: object, schema: S, call: CallOptions = {}): Promise<Static<S>> {
      return checked(await send('POST', path, call, body), schema);
    },
    /** A POST answered with no content (204): only its status is checked. */
    async postEmpty(path: string, call: CallOptions = {}): Promise<void> {
      await send('POST', path, call);
    },
    /** A GET whose body is written to a file as it arrives (exports); a non-2xx answer is thrown as usual. */
    async download(path: string, file: string, call: CallOptions = {}): Promise<void> {
      const stream = http.stream(path, { headers: headersOf(call), searchParams: call.searchParams, timeout: { request: timeoutMs } });
      try {
        const response = await new Promise<Response>((resolve, reject) => {
          stream.once('response', resolve);
          stream.once('error', reject);
        });
        if (response.statusCode < 200 || response.statusCode >= 300) {
          let body = '';
          for await (const chunk of stream) body += String(chunk);
          throw responseError(service, response.statusCode, body, call.token !== undefined);
        }
        await pipeline(stream, createWriteStream(file));
      } catch (error) {
        throw transportError(error, service, baseUrl);
      } finally {
        stream.destroy();
      }
    },
    /** A long-lived streamed GET (Server-Sent Events): no overall timeout, only an idle one. */
    stream(path: string, call: CallOptions & { idleTimeoutMs: number }) {
      return http.stream(path, {
        headers: { accept: 'text/event-stream', ...headersOf(call) },
        timeout: { socket: call.idleTimeoutMs },
      });
    },
  };
}

export type ServiceHttp = ReturnType<typeof createServiceHttp>;
