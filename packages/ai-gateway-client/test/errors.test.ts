import { once } from 'node:events';
import { createServer } from 'node:net';

import { describe, expect, it } from 'vitest';

import { createAiGatewayClient } from '../src/client.js';
import { errorFromResponse } from '../src/errors.js';

const problem = (code: string, detail: string) => JSON.stringify({ code, detail, status: 503, title: 't', type: 't', instance: 'r' });

describe('errors from a gateway answer', () => {
  it('take the code, detail, kind and retry hint of the problem+json', () => {
    const error = errorFromResponse(
      503,
      { 'x-ai-retryable': 'true', 'x-ai-error-kind': 'timeout', 'retry-after': '7', 'x-request-id': 'req-1' },
      problem('SERVICE_UNAVAILABLE', 'AI provider did not answer within 30000 ms'),
    );
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'AI provider did not answer within 30000 ms',
      retryable: true,
      kind: 'timeout',
      status: 503,
      retryAfterSeconds: 7,
      requestId: 'req-1',
    });
  });

  it('trust the gateway when it says a 502 is not worth retrying', () => {
    const error = errorFromResponse(502, { 'x-ai-retryable': 'false', 'x-ai-error-kind': 'provider' }, problem('UPSTREAM_FAILED', 'x'));
    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', retryable: false, kind: 'provider' });
  });

  it('fall back to the status when the body is not problem+json', () => {
    expect(errorFromResponse(504, {}, '<html>gateway timeout</html>')).toMatchObject({ code: 'HTTP_504', retryable: true });
    expect(errorFromResponse(401, {}, problem('UNAUTHORIZED', 'no'))).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
  });
});

describe('errors without an answer', () => {
  it('call an unreachable gateway a retryable network error', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));

    const client = createAiGatewayClient({ baseUrl: `http://127.0.0.1:${port}`, serviceToken: 't', timeoutMs: 2_000 });
    await expect(client.aggregateThemes({ concerns: ['price'] })).rejects.toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
  });

  it('call an aborted call aborted, not retryable', async () => {
    const client = createAiGatewayClient({ baseUrl: 'http://127.0.0.1:9', serviceToken: 't' });
    const controller = new AbortController();
    controller.abort();
    await expect(client.aggregateThemes({ concerns: ['price'] }, { signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
      retryable: false,
    });
  });
});
