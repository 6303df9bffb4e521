import { AI_ERROR_KIND_HEADER, AI_RETRYABLE_HEADER, type AiErrorKind } from '@persona-lab/contracts';

export interface AiGatewayErrorDetails {
  /** Stable code: the gateway's problem code (UPSTREAM_FAILED, SERVICE_UNAVAILABLE, ...) or NETWORK_ERROR, TIMEOUT, ABORTED, INVALID_RESPONSE. */
  code: string;
  /** Whether calling again later can help; callers decide their retries from this. */
  retryable: boolean;
  /** HTTP status, when the gateway answered. */
  status?: number;
  /** How the model call failed, when the gateway says so. */
  kind?: AiErrorKind;
  /** Seconds the gateway asked to wait (Retry-After). */
  retryAfterSeconds?: number;
  requestId?: string;
}

/** Every failure of a gateway call, classified once. */
export class AiGatewayError extends Error {
  override readonly name = 'AiGatewayError';
  readonly code: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly kind?: AiErrorKind;
  readonly retryAfterSeconds?: number;
  readonly requestId?: string;

  constructor(message: string, details: AiGatewayErrorDetails) {
    super(message);
    this.code = details.code;
    this.retryable = details.retryable;
    this.status = details.status;
    this.kind = details.kind;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.requestId = details.requestId;
  }
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const KINDS = new Set<string>(['provider', 'validation', 'timeout', 'aborted']);

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A non-2xx answer of the gateway: its problem+json when it sent one, its headers otherwise. */
export function errorFromResponse(status: number, headers: Headers, body: string): AiGatewayError {
  let problem: { code?: unknown; detail?: unknown } = {};
  try {
    problem = JSON.parse(body) as typeof problem;
  } catch {
    // Not problem+json (a proxy's page, say): the status decides.
  }
  const retryableHeader = header(headers, AI_RETRYABLE_HEADER);
  const kind = header(headers, AI_ERROR_KIND_HEADER);
  const retryAfter = Number(header(headers, 'retry-after'));
  return new AiGatewayError(typeof problem.detail === 'string' ? problem.detail : `ai-gateway answered HTTP ${status}`, {
    code: typeof problem.code === 'string' ? problem.code : `HTTP_${status}`,
    retryable: retryableHeader !== undefined ? retryableHeader === 'true' : RETRYABLE_STATUSES.has(status),
    status,
    kind: kind && KINDS.has(kind) ? (kind as AiErrorKind) : undefined,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    requestId: header(headers, 'x-request-id'),
  });
}

/** No answer at all: the caller gave up, the call timed out, or the network failed. */
export function errorFromTransport(error: unknown, signal: AbortSignal | undefined, timeoutMs: number): AiGatewayError {
  if (signal?.aborted) return new AiGatewayError('The ai-gateway call was aborted', { code: 'ABORTED', retryable: false });
  const code = (error as { code?: string }).code;
  if (code === 'ETIMEDOUT' || (error as Error).name === 'TimeoutError') {
    return new AiGatewayError(`The ai-gateway did not answer within ${timeoutMs} ms`, { code: 'TIMEOUT', retryable: true });
  }
  return new AiGatewayError(`The ai-gateway is unreachable (${code ?? 'network error'})`, { code: 'NETWORK_ERROR', retryable: true });
}
