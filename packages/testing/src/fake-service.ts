// A fake internal service for client tests: a real HTTP server on 127.0.0.1 that answers each request
// with the next scripted answer (the last one repeats) and records what it received.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ScriptedAnswer {
  /** HTTP status of the answer. */
  status: number;
  /** Sent as JSON; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answers (a hung service); the connection stays open until the caller gives up or the fake closes. */
  hang?: boolean;
}

export interface ReceivedServiceRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeService {
  baseUrl: string;
  /** Every request so far, in order. */
  received: ReceivedServiceRequest[];
  close(): Promise<void>;
}

function parsed(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return raw;
  }
}

/** Starts the fake; `close()` drops open connections (a hung answer) and stops it. */
export async function startFakeService(script: ScriptedAnswer[]): Promise<FakeService> {
  const received: ReceivedServiceRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: parsed(raw) });
      const answer = script[Math.min(received.length, script.length) - 1]!;
      if (answer.hang) return;
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A problem+json body as every service sends it. */
export const problemBody = (status: number, code: string, detail: string) => ({
  type: 'about:blank',
  title: code,
  status,
  code,
  detail,
  instance: 'test',
});
