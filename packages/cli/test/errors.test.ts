import { describe, expect, test } from 'vitest';

import { responseError, transportError } from '../src/api/http.js';
import { ExitCode, ProblemError, ServiceUnavailableError, TokenRejectedError } from '../src/errors.js';

const problem = (status: number, extra: object = {}) =>
  JSON.stringify({
    type: 'about:blank',
    title: 'Bad Request',
    status,
    detail: 'Body is invalid',
    code: 'VALIDATION_FAILED',
    instance: 'req-1',
    ...extra,
  });

describe('service errors', () => {
  test('shows problem+json as code: detail with one line per failing field, exit code 1', () => {
    const error = responseError(
      'product-api',
      400,
      problem(400, { errors: [{ field: 'body/price', message: 'must match pattern' }] }),
      true,
    );
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.message).toBe('VALIDATION_FAILED: Body is invalid\n  - body/price: must match pattern');
    expect(error.exitCode).toBe(ExitCode.userError);
  });

  test('treats a 401 to a call with a token as a rejected token', () => {
    const error = responseError(
      'feedback-service',
      401,
      problem(401, { code: 'TOKEN_EXPIRED', detail: 'The access token has expired; sign in again' }),
      true,
    );
    expect(error).toBeInstanceOf(TokenRejectedError);
    expect((error as TokenRejectedError).service).toBe('feedback-service');
  });

  test('keeps a 401 to a sign-in as the refusal it is', () => {
    const error = responseError(
      'auth-api',
      401,
      problem(401, { code: 'INVALID_CREDENTIALS', detail: 'The email or password is wrong' }),
      false,
    );
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.message).toBe('INVALID_CREDENTIALS: The email or password is wrong');
  });

  test('reports an answer that is not problem+json by its status; 5xx means the service is unavailable', () => {
    const error = responseError('feedback-service', 502, '<html>Bad Gateway</html>', true);
    expect(error.message).toBe('HTTP_502: feedback-service answered HTTP 502');
    expect(error.exitCode).toBe(ExitCode.serviceUnavailable);
  });

  test('names the service, its URL and the start command when the connection is refused', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3004'), { code: 'ECONNREFUSED' });
    const error = transportError(refused, 'feedback-service', 'http://127.0.0.1:3004');
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'feedback-service is not reachable at http://127.0.0.1:3004 — is the platform running? Start it with `bash scripts/start.sh`',
    );
  });

  test('passes an unknown failure on unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(transportError(bug, 'auth-api', 'http://127.0.0.1:3001')).toBe(bug);
  });
});
