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
