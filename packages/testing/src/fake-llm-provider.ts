// A fake LLM provider for tests: a real HTTP server on 127.0.0.1 speaking the OpenAI
// chat-completions protocol, answering from a per-test script and recording every request.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply. A plain string is shorthand for `{ content }`. */
export interface FakeReply {
  /** The assistant message content of a 200 answer. */
  content?: string;
  /** HTTP status; 200 by default. */
  status?: number;
  headers?: Record<string, string>;
  /** A raw body sent as is (malformed JSON, an error document), instead of a completion. */
  body?: string;
  /** Waits this long before answering. */
  delayMs?: number;
  /** Never answers; the connection stays open until the caller gives up or the fake closes. */
  hang?: boolean;
  /** Token usage reported in the answer; estimated from the text when absent. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost?: number };
  /** The model named in the answer; the requested one by default. */
  model?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: ChatCompletionBody | undefined;
  rawBody: string;
}

export interface ChatCompletionBody {
  model?: string;
  messages?: { role: string; content: string }[];
  temperature?: number;
  top_p?: number;
  frequency_penalty?: number;
  preset?: string;
  [key: string]: unknown;
}

export type ReplyScript = FakeReply | string | ((request: RecordedRequest) => FakeReply | string);

export interface FakeLlmProvider {
  /** Base URL to configure as the provider's, e.g. http://127.0.0.1:41234/v1 */
  readonly baseUrl: string;
  /** Every request received, in order (unless recording is off). */
  readonly requests: RecordedRequest[];
  /** Appends replies to the queue; each request takes the next one. */
  enqueue(...replies: ReplyScript[]): void;
  /** The reply used once the queue is empty (by default a 500 saying nothing was scripted). */
  setFallback(reply: ReplyScript): void;
  /** Forgets queued replies, recorded requests and any fallback set since the start. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeLlmProviderOptions {
  fallback?: ReplyScript;
  /** Keep request records; turn off for load tests. */
  record?: boolean;
}

const ROUTES = new Set(['/v1/chat/completions', '/chat/completions']);
const NOTHING_SCRIPTED: FakeReply = {
  status: 500,
  body: JSON.stringify({ error: { message: 'fake LLM provider: no reply scripted for this request', code: 500 } }),
};

/** Roughly four characters a token, which is what usage figures look like. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parse(raw: string): ChatCompletionBody | undefined {
  try {
    return JSON.parse(raw) as ChatCompletionBody;
  } catch {
    return undefined;
  }
}

function completion(reply: FakeReply, request: RecordedRequest, sequence: number): string {
  const content = reply.content ?? '';
  const promptText = (request.body?.messages ?? []).map((m) => m.content).join('\n');
  const promptTokens = estimateTokens(promptText);
  const completionTokens = estimateTokens(content);
  return JSON.stringify({
    id: `chatcmpl-fake-${sequence}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? request.body?.model ?? 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: reply.usage ?? {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  });
}

export async function startFakeLlmProvider(options: FakeLlmProviderOptions = {}): Promise<FakeLlmProvider> {
  const queue: ReplyScript[] = [];
  const requests: RecordedRequest[] = [];
  const initialFallback: ReplyScript = options.fallback ?? NOTHING_SCRIPTED;
  let fallback = initialFallback;
  let sequence = 0;
  const timers = new Set<NodeJS.Timeout>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: parse(rawBody), rawBody };
    if (options.record !== false) requests.push(request);

    if (req.method !== 'POST' || !ROUTES.has(path)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', code: 404 } }));
      return;
    }
    if (request.body === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid JSON', code: 400 } }));
      return;
    }

    const script = queue.shift() ?? fallback;
    const scripted = typeof script === 'function' ? script(request) : script;
    const reply: FakeReply = typeof scripted === 'string' ? { content: scripted } : scripted;
    if (reply.hang) return;
    if (reply.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, reply.delayMs);
        timers.add(timer);
      });
    }
    if (res.destroyed) return;
    sequence++;
    const status = reply.status ?? 200;
    const body =
      reply.body ??
      (status >= 300
        ? JSON.stringify({ error: { message: `fake status ${status}`, code: status } })
        : completion(reply, request, sequence));
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setFallback: (reply) => {
      fallback = reply;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      fallback = initialFallback;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Hanging requests keep their sockets open: cut them so close() returns.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
