// What a model call made for an HTTP request gets from it: the request's logger, and a signal that
// aborts when the caller goes away before the answer, which stops the call (and its retries).
import type { Socket } from 'node:net';

import type { FastifyRequest } from 'fastify';

import type { CallContext } from '../providers/types.js';

/**
 * One signal per connection rather than per call: a new AbortSignal, with the listeners a call adds
 * to it, costs Node 20 some 25 µs of CPU, more than any other step of ours in a proxied call, while
 * a kept-alive connection carries thousands of calls. A caller gives up on a call by closing its
 * connection (HTTP/1.1 cancels a request no other way), which abandons every call still on it; a
 * connection closing after its answers were sent aborts nothing that is still running.
 */
const connectionSignals = new WeakMap<Socket, AbortSignal>();

function connectionSignal(socket: Socket): AbortSignal {
  let signal = connectionSignals.get(socket);
  if (signal) return signal;
  const controller = new AbortController();
  signal = controller.signal;
  // A caller gone before the route runs has already closed: its call sends nothing.
  if (socket.destroyed) controller.abort();
  else socket.once('close', () => controller.abort());
  connectionSignals.set(socket, signal);
  return signal;
}

export function callContext(request: FastifyRequest): CallContext {
  return { log: request.log, signal: connectionSignal(request.raw.socket) };
}
