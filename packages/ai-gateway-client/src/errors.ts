// Failures of a gateway call: the shared classification of internal-http (status, transport,
// contract) plus what only the gateway says (x-ai-retryable, x-ai-error-kind), as AiGatewayError;
// and classifyAiFailure, the one view of any AI failure that every caller decides from.
import { AI_ERROR_KIND_HEADER, AI_RETRYABLE_HEADER, type AiErrorKind } from '@persona-lab/contracts';
import { type CallFailure, failureFromAnswer, headerValue, type ResponseHeaders } from '@persona-lab/internal-http';

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

export const AI_GATEWAY = 'ai-gateway';

const KINDS = new Set<string>(['provider', 'validation', 'timeout', 'aborted']);

/** The gateway's error for a classified failure: its own retry hint, when it gave one, wins over the status. */
export function aiGatewayErrorOf(failure: CallFailure): AiGatewayError {
  const retryableHeader = headerValue(failure.headers, AI_RETRYABLE_HEADER);
  const kind = headerValue(failure.headers, AI_ERROR_KIND_HEADER);
  return new AiGatewayError(failure.message, {
    code: failure.code,
    retryable: retryableHeader !== undefined ? retryableHeader === 'true' : failure.retryable,
    status: failure.status,
    kind: kind && KINDS.has(kind) ? (kind as AiErrorKind) : undefined,
    retryAfterSeconds: failure.retryAfterSeconds,
    requestId: failure.requestId,
  });
}

/** A non-2xx answer of the gateway: its problem+json when it sent one, its headers otherwise. */
export function errorFromResponse(status: number, headers: ResponseHeaders, body: string): AiGatewayError {
  return aiGatewayErrorOf(failureFromAnswer(AI_GATEWAY, status, headers, body));
}

/** A failed AI call as every caller sees it, whichever service makes the call. */
export interface AiFailure {
  /** Whether calling again later can help. */
  retryable: boolean;
  /** provider, validation, timeout, aborted; or how the call itself failed (network_error, upstream_failed, ...); internal when it did not come from the gateway. */
  kind: string;
  /** What went wrong, safe to store (on a persona, a result) and to show the user. */
  message: string;
}

/** The one classification of an AI failure: callers decide retries and reasons from this, never from message text. */
export function classifyAiFailure(error: unknown): AiFailure {
  if (error instanceof AiGatewayError) {
    return { retryable: error.retryable, kind: error.kind ?? error.code.toLowerCase(), message: error.message };
  }
  // Not from the gateway at all (a bug, or the database): let a retry find out.
  return { retryable: true, kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
