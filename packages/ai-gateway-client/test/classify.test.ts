// classifyAiFailure: the one view of a failed AI call that persona-service and feedback-service decide from.
import { describe, expect, it } from 'vitest';

import { errorFromResponse } from '../src/errors.js';
import { AiGatewayError, classifyAiFailure, createAiGatewayClient } from '../src/index.js';

const problem = (status: number, code: string, detail: string) =>
  JSON.stringify({ code, detail, status, title: 't', type: 't', instance: 'r' });

describe('classifyAiFailure', () => {
  it('keeps the retry decision, the kind of failure and the message the gateway gave', () => {
    const error = errorFromResponse(
      503,
      { 'x-ai-retryable': 'true', 'x-ai-error-kind': 'timeout' },
      problem(503, 'SERVICE_UNAVAILABLE', 'slow model'),
    );
    expect(classifyAiFailure(error)).toEqual({ retryable: true, kind: 'timeout', message: 'slow model' });
  });

  it('names the kind after the problem code when the gateway gave no kind', () => {
    const error = errorFromResponse(502, { 'x-ai-retryable': 'false' }, problem(502, 'UPSTREAM_FAILED', 'the model refused'));
    expect(classifyAiFailure(error)).toEqual({ retryable: false, kind: 'upstream_failed', message: 'the model refused' });
  });

  it('classifies a call without an answer: aborted is final, unreachable is worth a retry', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = createAiGatewayClient({ baseUrl: 'http://127.0.0.1:9', serviceToken: 't' });
    const aborted = await client.aggregateThemes({ concerns: ['price'] }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AiGatewayError);
    expect(classifyAiFailure(aborted)).toEqual({ retryable: false, kind: 'aborted', message: 'The ai-gateway call was aborted' });
    const unreachable = new AiGatewayError('The ai-gateway is unreachable (ECONNREFUSED)', { code: 'NETWORK_ERROR', retryable: true });
    expect(classifyAiFailure(unreachable)).toEqual({
      retryable: true,
      kind: 'network_error',
      message: 'The ai-gateway is unreachable (ECONNREFUSED)',
    });
  });

  it('lets a retry find out when the failure did not come from the gateway at all', () => {
    expect(classifyAiFailure(new Error('connection pool closed'))).toEqual({
      retryable: true,
      kind: 'internal',
      message: 'connection pool closed',
    });
    expect(classifyAiFailure('odd')).toEqual({ retryable: true, kind: 'internal', message: 'odd' });
  });
});
