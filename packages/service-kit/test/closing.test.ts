// A request that arrives while the app closes is refused as problem+json, not in Fastify's own shape.
// Only a real connection shows it: inject() refuses to run at all once closing has started.
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

import { describe, expect, it } from 'vitest';

import { createApp } from '../src/index.js';

/** The HTTP/1.1 responses in what a socket received, in order. */
function parseResponses(received: string) {
  return received.split(/(?=HTTP\/1\.1 )/).map((raw) => {
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    const [statusLine = '', ...headerLines] = head.split('\r\n');
    const headers = Object.fromEntries(
      headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  });
}

describe('while the app closes', () => {
  it('answers a request on a kept-alive connection with 503 SERVICE_UNAVAILABLE problem+json', async () => {
    const app = await createApp({ service: 'closing-test', logLevel: 'silent' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let slowStarted!: () => void;
    const started = new Promise<void>((resolve) => (slowStarted = resolve));
    let reached = false;
    app.get('/slow', async () => {
      slowStarted();
      await released;
      return { done: true };
    });
    app.get('/ping', async () => {
      reached = true;
      return { pong: true };
    });
    let closingStarted!: () => void;
    const closing = new Promise<void>((resolve) => (closingStarted = resolve));
    app.addHook('preClose', async () => closingStarted());
    await app.listen({ host: '127.0.0.1', port: 0 });
    let secondArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (secondArrived = resolve));
    let requests = 0;
    app.server.on('request', () => ++requests === 2 && secondArrived());
    const socket = connect((app.server.address() as AddressInfo).port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));

    // The connection is busy with /slow, so closing the server leaves it open for a second request.
    socket.write('GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await started;
    const appClosed = app.close();
    await closing;
    socket.write('GET /ping HTTP/1.1\r\nHost: localhost\r\nx-request-id: late-1\r\n\r\n');
    await arrived; // Node has parsed it; /slow may finish now without the connection going idle first
    release();
    await Promise.all([socketClosed, appClosed]);

    const [first, second] = parseResponses(received);
    expect(first?.status).toBe(200);
    expect(second?.status).toBe(503);
    expect(second?.headers['content-type']).toContain('application/problem+json');
    expect(second?.headers.connection).toBe('close');
    expect(second?.headers['x-request-id']).toBe('late-1');
    expect(JSON.parse(second?.body ?? '')).toMatchObject({
      type: 'https://persona-lab.dev/problems/service-unavailable',
      title: 'Service unavailable',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      instance: 'late-1',
    });
    expect(reached).toBe(false);
  });
});
