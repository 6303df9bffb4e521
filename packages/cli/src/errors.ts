// Every way a command can fail, each with the exit code a script can act on.
import type { ProblemDetails } from '@persona-lab/contracts';

export const ExitCode = {
  success: 0,
  /** A wrong flag, a missing credential, a request a service refused. */
  userError: 1,
  /** A service is down, timed out or failed on its side. */
  serviceUnavailable: 2,
  /** The research session ended FAILED or CANCELLED. */
  sessionFailed: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export class UserError extends CliError {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message, ExitCode.userError);
  }
}

export class ServiceUnavailableError extends CliError {
  override readonly name = 'ServiceUnavailableError';
  constructor(message: string) {
    super(message, ExitCode.serviceUnavailable);
  }
}

export class SessionFailedError extends CliError {
  override readonly name = 'SessionFailedError';
  constructor(message: string) {
    super(message, ExitCode.sessionFailed);
  }
}

/** A service refused a call with problem+json: shown as `code: detail` and one line per failing field. */
export class ProblemError extends CliError {
  override readonly name = 'ProblemError';
  constructor(
    readonly service: string,
    readonly status: number,
    readonly problem: Pick<ProblemDetails, 'code' | 'detail' | 'errors'>,
  ) {
    const fields = (problem.errors ?? []).map((error) => `\n  - ${error.field}: ${error.message}`).join('');
    super(`${problem.code}: ${problem.detail}${fields}`, status >= 500 ? ExitCode.serviceUnavailable : ExitCode.userError);
  }
}

/** A service answered 401 to a call made with a token: the caller may sign in again once. */
export class TokenRejectedError extends CliError {
  override readonly name = 'TokenRejectedError';
  constructor(
    readonly service: string,
    readonly problem: ProblemError,
  ) {
    super(`${service} rejected the access token (${problem.message})`, ExitCode.userError);
  }
}
