// Errors raised before a route runs (by Fastify's router, its body parser, or Node's HTTP parser)
// come back as problem+json like every other error. Node's own parser errors need a real socket.
import { maxHeaderSize } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type App, createApp } from '../src/index.js';

const BODY_LIMIT = 1024;
let app: App;
let port: number;

beforeAll(async () => {
  app = await createApp({ service: 'framework-errors-test', logLevel: 'silent', bodyLimit: BODY_LIMIT });
  app.get('/products/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.post('/products', async (request) => request.body);
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(() => app.close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are (no client library would send these) and reads the answer until the server closes. */
function sendRaw(request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(request);
  });
}

function expectProblem(
  res: { status: number; headers: Record<string, string | string[] | undefined>; body: string },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const problem = JSON.parse(res.body);
  expect(problem).toMatchObject({ status, code, type: `https://persona-lab.dev/problems/${code.toLowerCase().replace(/_/g, '-')}` });
  expect(problem.instance).toBe(res.headers['x-request-id']);
  return problem as { detail: string; instance: string };
}

describe('errors before a route runs', () => {
  it('answers a malformed percent-encoding in the path with 400 MALFORMED_URL problem+json', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/products/%E0%A4%A`, { headers: { 'x-request-id': 'bad-url-1' } });
    const problem = expectProblem(
      { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() },
      400,
      'MALFORMED_URL',
    );
    expect(problem.instance).toBe('bad-url-1');
  });

  it('answers an over-long path parameter with 414 URI_TOO_LONG problem+json naming the limit', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/products/${'a'.repeat(101)}`);
    const problem = expectProblem(
      { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() },
      414,
      'URI_TOO_LONG',
    );
    expect(problem.detail).toBe('A path parameter is longer than the 100 characters allowed');
    expect((await fetch(`http://127.0.0.1:${port}/products/${'a'.repeat(100)}`)).status).toBe(200);
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE naming the limit in bytes', async () => {
    const res = await app.inject({ method: 'POST', url: '/products', payload: { name: 'x'.repeat(BODY_LIMIT) } });
    const problem = expectProblem(
      { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.body },
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(problem.detail).toBe(`The request body is larger than the ${BODY_LIMIT} bytes allowed`);
  });

  it(`answers request headers over Node's ${maxHeaderSize} bytes with 431 HEADERS_TOO_LARGE problem+json`, async () => {
    const res = await sendRaw(`GET /products/1 HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(maxHeaderSize + 1)}\r\n\r\n`);
    const problem = expectProblem(res, 431, 'HEADERS_TOO_LARGE');
    expect(problem.detail).toBe(`The request headers are larger than the ${maxHeaderSize} bytes allowed`);
    expect(problem.instance).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a request that is not HTTP with 400 BAD_REQUEST problem+json', async () => {
    const res = await sendRaw('HELLO THERE\r\n\r\n');
    const problem = expectProblem(res, 400, 'BAD_REQUEST');
    expect(problem.detail).toBe('The request is not valid HTTP/1.1');
  });

  it('still serves the next connection after a client error', async () => {
    await sendRaw('HELLO THERE\r\n\r\n');
    const res = await fetch(`http://127.0.0.1:${port}/products/7`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: '7' });
  });
});
