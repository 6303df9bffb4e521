/**
 * Thrown by a handler when retrying cannot help (the referenced row is gone, the input is wrong):
 * the message goes straight to the dead-letter queue with this error's message as the reason.
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Thrown by a handler for a failure a later attempt may not have (a retryable AI failure, with
 * attempts left): the consumer sends the message to its retry queue with the next delay, as it does
 * for any other error, but logs it as an expected retry rather than a failure. Thrown on the last
 * attempt, the message is dead-lettered as exhausted.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A message refused before sending because it does not match its contract. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  constructor(
    readonly contract: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${contract}: ${problems.join('; ')}`);
  }
}

/** The broker did not confirm a publish in time (unreachable, blocked, or refusing it). */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
