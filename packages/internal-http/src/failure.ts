// How a call to another service's internal route failed, classified once for every client: the
// service answered outside 2xx, answered outside its contract, or did not answer at all.
import { REQUEST_ID_HEADER } from '@persona-lab/contracts';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface CallFailure {
  /**
   * The service's problem code (VALIDATION_FAILED, SERVICE_UNAVAILABLE, ...), HTTP_<status> when it
   * sent none, or NETWORK_ERROR, TIMEOUT, ABORTED, INVALID_RESPONSE when there was no usable answer.
   */
  code: string;
  /** Safe to show: the problem's detail, or what went wrong. */
  message: string;
  /** Whether calling again later can help: 429, 502, 503, 504, a timeout or an unreachable service. */
  retryable: boolean;
  /** HTTP status, when the service answered. */
  status?: number;
  /** Seconds the service asked to wait (Retry-After). */
  retryAfterSeconds?: number;
  requestId?: string;
  /** The answer's headers ({} without an answer), for what a client reads beyond the above. */
  headers: ResponseHeaders;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A non-2xx answer: its problem+json when it sent one, its status otherwise. */
export function failureFromAnswer(service: string, status: number, headers: ResponseHeaders, body: string): CallFailure {
  let problem: { code?: unknown; detail?: unknown } = {};
  try {
    problem = (JSON.parse(body) as typeof problem | null) ?? {};
  } catch {
    // Not problem+json (a proxy's page, say): the status decides.
  }
  const retryAfter = Number(headerValue(headers, 'retry-after'));
  return {
    code: typeof problem.code === 'string' ? problem.code : `HTTP_${status}`,
    message: typeof problem.detail === 'string' ? problem.detail : `${service} answered HTTP ${status}`,
    retryable: RETRYABLE_STATUSES.has(status),
    status,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    requestId: headerValue(headers, REQUEST_ID_HEADER),
    headers,
  };
}

/** A 2xx answer that does not match the contract: calling again will not change it. */
export function failureFromInvalidAnswer(service: string, status: number, reasons: string, requestId: string | undefined): CallFailure {
  return {
    code: 'INVALID_RESPONSE',
    message: `The ${service} answered outside its contract: ${reasons}`,
    retryable: false,
    status,
    requestId,
    headers: {},
  };
}

/** No answer at all: the caller gave up, the call timed out, or the network failed. */
export function failureFromTransport(service: string, error: unknown, signal: AbortSignal | undefined, timeoutMs: number): CallFailure {
  if (signal?.aborted) return { code: 'ABORTED', message: `The ${service} call was aborted`, retryable: false, headers: {} };
  const code = (error as { code?: string }).code;
  if (code === 'ETIMEDOUT' || (error as Error).name === 'TimeoutError') {
    return { code: 'TIMEOUT', message: `The ${service} did not answer within ${timeoutMs} ms`, retryable: true, headers: {} };
  }
  return { code: 'NETWORK_ERROR', message: `The ${service} is unreachable (${code ?? 'network error'})`, retryable: true, headers: {} };
}
