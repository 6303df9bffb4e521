// Every failure of a model call, classified once where it happens. Callers decide from `kind`
// and `retryable`, never from the message text.
import type { AiErrorKind } from '@persona-lab/contracts';

export interface AiErrorOptions {
  retryable: boolean;
  /** HTTP status the provider answered, when it answered. */
  status?: number;
  /** How long the provider asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** Requests sent to the provider before this error, retries included. */
  attempts?: number;
}

export class AiError extends Error {
  override readonly name = 'AiError';
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  attempts: number;

  constructor(
    readonly kind: AiErrorKind,
    message: string,
    options: AiErrorOptions,
  ) {
    super(message);
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts ?? 0;
  }
}

/** The caller stopped waiting (its request went away, or its own deadline passed). */
export const callerAborted = (): AiError =>
  new AiError('aborted', 'The caller went away before the AI call finished', { retryable: false });

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** A provider's HTTP answer that is not a success: retryable only for rate limits and gateway trouble. */
export function providerStatusError(status: number, retryAfterMs: number | undefined): AiError {
  const retryable = RETRYABLE_STATUSES.has(status);
  const hint =
    status === 401 || status === 403
      ? 'the provider rejected the credentials'
      : status === 429
        ? 'the provider is rate limiting'
        : status >= 500
          ? 'the provider is failing'
          : 'the provider rejected the request';
  return new AiError('provider', `AI provider answered HTTP ${status}: ${hint}`, { retryable, status, retryAfterMs });
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
