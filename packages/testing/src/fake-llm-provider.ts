// A fake LLM provider for tests: a real HTTP server on 127.0.0.1 speaking the OpenAI protocol
// (chat completions and embeddings), answering from per-test scripts and recording every request.
// Chat completions and embeddings have a script each, so a test that scripts one is not disturbed
// by calls to the other.
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

/** One scripted reply of the embeddings endpoint; without `embeddings` it answers `fakeEmbedding` of each input. */
export interface FakeEmbeddingReply extends Omit<FakeReply, 'content' | 'usage'> {
  /** One vector per input, in input order. */
  embeddings?: number[][];
  /** Token usage reported in the answer; estimated from the inputs when absent. */
  usage?: { prompt_tokens: number; total_tokens: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: ChatCompletionBody | undefined;
  rawBody: string;
}

/** The body of a chat-completions or embeddings request, as the fake reads it. */
export interface ChatCompletionBody {
  model?: string;
  /** Embeddings: the text or texts to embed. */
  input?: string | string[];
  messages?: { role: string; content: string }[];
  temperature?: number;
  top_p?: number;
  frequency_penalty?: number;
  preset?: string;
  [key: string]: unknown;
}

export type ReplyScript = FakeReply | string | ((request: RecordedRequest) => FakeReply | string);
export type EmbeddingScript = FakeEmbeddingReply | ((request: RecordedRequest) => FakeEmbeddingReply);

export interface FakeLlmProvider {
  /** Base URL to configure as the provider's, e.g. http://127.0.0.1:41234/v1 */
  readonly baseUrl: string;
  /** Every request received, in order (unless recording is off). */
  readonly requests: RecordedRequest[];
  /** Appends chat-completion replies to the queue; each chat request takes the next one. */
  enqueue(...replies: ReplyScript[]): void;
  /** The chat-completion reply used once the queue is empty (by default a 500 saying nothing was scripted). */
  setFallback(reply: ReplyScript): void;
  /** Appends replies of the embeddings endpoint; each embeddings request takes the next one. */
  enqueueEmbeddings(...replies: EmbeddingScript[]): void;
  /** The embeddings reply used once its queue is empty (by default `fakeEmbedding` of each input). */
  setEmbeddingsFallback(reply: EmbeddingScript): void;
  /** Forgets queued replies, recorded requests and any fallback set since the start. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeLlmProviderOptions {
  fallback?: ReplyScript;
  embeddingsFallback?: EmbeddingScript;
  /** Keep request records; turn off for load tests. */
  record?: boolean;
}

const CHAT_ROUTES = new Set(['/v1/chat/completions', '/chat/completions']);
const EMBEDDING_ROUTES = new Set(['/v1/embeddings', '/embeddings']);
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

/** Dimension of `fakeEmbedding`. */
export const FAKE_EMBEDDING_DIMENSIONS = 32;

/**
 * The fake's default embedding: lower-cased words hashed into a few dimensions and L2-normalised, so
 * equal texts embed equally and texts sharing words are closer. A text without words gets a fixed
 * unit vector. Only a stand-in for tests; it knows nothing about any text it might be given.
 */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619) >>> 0;
    vector[hash % FAKE_EMBEDDING_DIMENSIONS]! += 1;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}

function inputsOf(body: ChatCompletionBody | undefined): string[] {
  const input = body?.input;
  return typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
}

/** A vector as OpenAI answers it to `encoding_format: "base64"`: its 32-bit floats, little-endian, in base64. */
export function base64Embedding(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/**
 * An embeddings answer: numbers, or base64 when the request asks for it (as OpenAI does). `data` is
 * listed in reverse order on purpose: the protocol identifies each vector by its `index`, and a client
 * that relies on the order instead is wrong.
 */
function embeddingList(reply: FakeEmbeddingReply, request: RecordedRequest): string {
  const inputs = inputsOf(request.body);
  const vectors = reply.embeddings ?? inputs.map(fakeEmbedding);
  const encode = request.body?.encoding_format === 'base64' ? base64Embedding : (vector: number[]) => vector;
  const promptTokens = estimateTokens(inputs.join('\n'));
  return JSON.stringify({
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding: encode(embedding) })).reverse(),
    model: reply.model ?? request.body?.model ?? 'fake-embedding-model',
    usage: reply.usage ?? { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
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

const EMBED_INPUTS: FakeEmbeddingReply = {};

export async function startFakeLlmProvider(options: FakeLlmProviderOptions = {}): Promise<FakeLlmProvider> {
  const queue: ReplyScript[] = [];
  const embeddingQueue: EmbeddingScript[] = [];
  const requests: RecordedRequest[] = [];
  const initialFallback: ReplyScript = options.fallback ?? NOTHING_SCRIPTED;
  const initialEmbeddingsFallback: EmbeddingScript = options.embeddingsFallback ?? EMBED_INPUTS;
  let fallback = initialFallback;
  let embeddingsFallback = initialEmbeddingsFallback;
  let sequence = 0;
  const timers = new Set<NodeJS.Timeout>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: parse(rawBody), rawBody };
    if (options.record !== false) requests.push(request);

    const embeddings = EMBEDDING_ROUTES.has(path);
    if (req.method !== 'POST' || !(embeddings || CHAT_ROUTES.has(path))) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', code: 404 } }));
      return;
    }
    if (request.body === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid JSON', code: 400 } }));
      return;
    }

    // The answer a 2xx reply gets, decided with the script it came from.
    let reply: FakeReply | FakeEmbeddingReply;
    let success: () => string;
    if (embeddings) {
      const scripted = nextEmbeddingReply(request);
      reply = scripted;
      success = () => embeddingList(scripted, request);
    } else {
      const scripted = nextChatReply(request);
      reply = scripted;
      success = () => completion(scripted, request, sequence);
    }
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
    const body = reply.body ?? (status >= 300 ? JSON.stringify({ error: { message: `fake status ${status}`, code: status } }) : success());
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(body);
  }

  function nextChatReply(request: RecordedRequest): FakeReply {
    const script = queue.shift() ?? fallback;
    const scripted = typeof script === 'function' ? script(request) : script;
    return typeof scripted === 'string' ? { content: scripted } : scripted;
  }

  function nextEmbeddingReply(request: RecordedRequest): FakeEmbeddingReply {
    const script = embeddingQueue.shift() ?? embeddingsFallback;
    return typeof script === 'function' ? script(request) : script;
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
    enqueueEmbeddings: (...replies) => {
      embeddingQueue.push(...replies);
    },
    setEmbeddingsFallback: (reply) => {
      embeddingsFallback = reply;
    },
    reset: () => {
      queue.length = 0;
      embeddingQueue.length = 0;
      requests.length = 0;
      fallback = initialFallback;
      embeddingsFallback = initialEmbeddingsFallback;
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
