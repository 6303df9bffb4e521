// One HTTP exchange over node:http(s), its answer read whole as text: the internal clients' calls and
// the ai-gateway's provider calls. A thin layer on purpose: got's per-request option handling cost a
// caller several times the CPU of the exchange itself (0.5 vs 0.17 ms per call against a local server,
// issue #17), and retained more memory per call in flight (longer GC pauses at the gateway).
import { type Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ExchangeOptions {
  method: 'GET' | 'POST';
  /** A JSON body, already serialised (POST). */
  json?: string;
  headers: Record<string, string>;
  agents: { http: HttpAgent; https: HttpsAgent };
  /** The whole exchange, connection to last byte; past it the call fails with a TimeoutError. */
  timeoutMs: number;
  signal?: AbortSignal;
}

const abortError = () => Object.assign(new Error('The call was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });

/** Rejects with the transport's error (its `code` set), an AbortError on `signal`, or a TimeoutError. */
export function exchange(url: URL, options: ExchangeOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const { signal, json } = options;
    if (signal?.aborted) return reject(abortError());
    const https = url.protocol === 'https:';
    const headers =
      json === undefined
        ? options.headers
        : { ...options.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) };
    // The signal is watched here rather than given to request(): node's stream abort support adds an
    // end-of-stream watcher with half a dozen listeners to every request.
    const request = (https ? httpsRequest : httpRequest)(url, {
      method: options.method,
      agent: https ? options.agents.https : options.agents.http,
      headers,
    });
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settle();
      request.destroy();
      reject(error);
    };
    const onAbort = () => fail(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      fail(Object.assign(new Error(`No answer within ${options.timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' }));
    }, options.timeoutMs);
    request.once('error', fail);
    request.once('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.once('error', fail);
      response.once('close', () => {
        if (!response.complete) fail(Object.assign(new Error('The connection closed before the answer ended'), { code: 'ECONNRESET' }));
      });
      response.once('end', () => {
        if (settled) return;
        settle();
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    request.end(json);
  });
}
