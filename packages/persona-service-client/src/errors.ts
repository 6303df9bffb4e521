// Failures of a persona-service call, classified once: a refusal (4xx: the request itself is at
// fault, calling again will not help) or a failure of the service (a retry may help).
import type { CallFailure } from '@persona-lab/internal-http';

export const PERSONA_SERVICE = 'persona-service';

export interface PersonaServiceErrorDetails {
  /** The persona-service's problem code (VALIDATION_FAILED, ...), HTTP_<status>, or NETWORK_ERROR, TIMEOUT, ABORTED, INVALID_RESPONSE. */
  code: string;
  /** The persona-service refused the request (4xx): its message says why, and the caller's input is at fault. */
  refused: boolean;
  /** Whether calling again later can help (never for a refusal). */
  retryable: boolean;
  /** HTTP status, when the persona-service answered. */
  status?: number;
  requestId?: string;
}

export class PersonaServiceError extends Error {
  override readonly name = 'PersonaServiceError';
  readonly code: string;
  readonly refused: boolean;
  readonly retryable: boolean;
  readonly status?: number;
  readonly requestId?: string;

  constructor(message: string, details: PersonaServiceErrorDetails) {
    super(message);
    this.code = details.code;
    this.refused = details.refused;
    this.retryable = details.retryable;
    this.status = details.status;
    this.requestId = details.requestId;
  }
}

export function personaServiceErrorOf(failure: CallFailure): PersonaServiceError {
  const refused = failure.code !== 'INVALID_RESPONSE' && failure.status !== undefined && failure.status >= 400 && failure.status < 500;
  return new PersonaServiceError(failure.message, {
    code: failure.code,
    refused,
    retryable: !refused && failure.retryable,
    status: failure.status,
    requestId: failure.requestId,
  });
}
