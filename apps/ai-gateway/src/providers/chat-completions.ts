// Client of an OpenAI-compatible API (OpenRouter or any other): chat completions and embeddings.
// One model call is up to `maxAttempts` HTTP requests: 429, 502, 503, 504, timeouts and network
// errors are retried with exponential backoff and jitter, honouring Retry-After; anything else fails
// at once. The retry decision reads the AiError each attempt is classified into, so there is one rule
// for it, and both endpoints share it.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { exchange, type HttpAnswer } from '@persona-lab/internal-http';
import pLimit from 'p-limit';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';

import { AiError, callerAborted, parseRetryAfter, providerStatusError } from '../domain/ai-error.js';
import { backoffDelay, type BackoffPolicy, pause } from '../domain/backoff.js';
import type { AiUse } from '../domain/tasks.js';
import { readEmbeddings } from './embeddings-body.js';
import { readJsonBody } from './provider-body.js';
import type { CallContext, ChatAnswer, ChatProvider, ChatRequest } from './types.js';

export interface ChatCompletionsOptions {
  name: 'openrouter' | 'openai-compatible';
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Per-use model overrides; `embeddings` names the embedding model. */
  models?: Partial<Record<AiUse, string>>;
  /** OpenRouter presets per use, added to the body only when set. */
  presets?: Partial<Record<AiUse, string>>;
  timeoutMs: number;
  /** Chat completion requests in flight at once. */
  maxConcurrency: number;
  /** Embeddings requests in flight at once, beside the chat requests. */
  maxEmbeddingConcurrency: number;
  /** How embeddings are asked for: `base64` (32-bit floats, a quarter of the bytes and no numbers to parse) or as numbers. */
  embeddingEncoding: 'base64' | 'float';
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** A Retry-After longer than this fails the call (retryable) instead of being waited for. */
  retryAfterMaxMs: number;
}

const CompletionBody = Type.Object({
  model: Type.Optional(Type.String()),
  choices: Type.Array(Type.Object({ message: Type.Object({ content: Type.Union([Type.String(), Type.Null()]) }) }), { minItems: 1 }),
  usage: Type.Optional(
    Type.Object({
      prompt_tokens: Type.Optional(Type.Number()),
      completion_tokens: Type.Optional(Type.Number()),
      total_tokens: Type.Optional(Type.Number()),
      cost: Type.Optional(Type.Number()),
    }),
  ),
});
const completionBody = Compile(CompletionBody);

const NETWORK_ERROR = 'network';

type Endpoint = 'chat' | 'embeddings';

/** The requests of one endpoint: at most `concurrency` in flight, on sockets of their own. */
function lane(concurrency: number) {
  return {
    limit: pLimit(concurrency),
    agents: {
      http: new HttpAgent({ keepAlive: true, maxSockets: concurrency }),
      https: new HttpsAgent({ keepAlive: true, maxSockets: concurrency }),
    },
  };
}

export function createChatCompletionsProvider(options: ChatCompletionsOptions): ChatProvider {
  // Chat and embeddings each have their own cap: providers limit each model on its own, and an embedding
  // (a feedback result's last step, a few ms) waiting behind every queued chat call would hold its result
  // for a chat call's time and take the place of a chat call while it runs.
  const lanes: Record<Endpoint, ReturnType<typeof lane>> = {
    chat: lane(options.maxConcurrency),
    embeddings: lane(options.maxEmbeddingConcurrency),
  };
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const urls = { chat: new URL(`${baseUrl}/chat/completions`), embeddings: new URL(`${baseUrl}/embeddings`) };
  const headers = {
    authorization: `Bearer ${options.apiKey}`,
    ...(options.name === 'openrouter' ? { 'x-title': 'Persona Lab' } : {}),
  };
  const modelFor = (use: AiUse) => options.models?.[use] ?? options.model;
  const presetFor = (use: AiUse) => (options.name === 'openrouter' ? options.presets?.[use] || undefined : undefined);

  function bodyOf(request: ChatRequest): Record<string, unknown> {
    const preset = presetFor(request.use);
    return {
      model: modelFor(request.use),
      messages: request.messages,
      ...request.sampling,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(preset ? { preset } : {}),
    };
  }

  async function send(endpoint: Endpoint, body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<HttpAnswer> {
    const { agents } = lanes[endpoint];
    try {
      return await exchange(urls[endpoint], {
        method: 'POST',
        json: JSON.stringify(body),
        headers,
        agents,
        timeoutMs: options.timeoutMs,
        signal,
      });
    } catch (error) {
      throw classifyTransportError(error, signal, options.timeoutMs);
    }
  }

  /** One HTTP request: the answer's body, or the AiError it is classified into. */
  async function post(endpoint: Endpoint, body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<string> {
    const response = await lanes[endpoint].limit(() => send(endpoint, body, signal));
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw providerStatusError(response.statusCode, parseRetryAfter(response.headers['retry-after']));
    }
    return response.body;
  }

  /** Runs `attempt` until it succeeds or its failure says a retry cannot help; counts the requests. */
  async function withRetries<T>(attempt: () => Promise<T>, context: CallContext): Promise<T & { attempts: number }> {
    for (let attempts = 1; ; attempts++) {
      try {
        return { ...(await attempt()), attempts };
      } catch (error) {
        if (!(error instanceof AiError)) throw error;
        const failure = error;
        failure.attempts = attempts;
        if (!failure.retryable || attempts >= options.maxAttempts) throw failure;
        const waitMs = failure.retryAfterMs ?? backoffDelay(attempts, options.backoff);
        if (waitMs > options.retryAfterMaxMs) throw failure;
        context.log.warn(
          { provider: options.name, attempt: `${attempts}/${options.maxAttempts}`, kind: failure.kind, status: failure.status, waitMs },
          `AI provider call failed, retrying: ${failure.message}`,
        );
        await pause(waitMs, context.signal);
      }
    }
  }

  return {
    name: options.name,
    simulated: false,
    modelFor,
    presetFor,
    async complete(request: ChatRequest, context: CallContext): Promise<ChatAnswer> {
      const body = bodyOf(request);
      return withRetries(async () => readCompletion(await post('chat', body, context.signal), String(body.model)), context);
    },
    async embed(texts: string[], context: CallContext) {
      const model = modelFor('embeddings');
      // Numbers are the protocol's default, so `float` sends nothing: a server that refuses the field is served as before it existed.
      const body = { model, input: texts, ...(options.embeddingEncoding === 'base64' ? { encoding_format: 'base64' } : {}) };
      return withRetries(async () => readEmbeddings(await post('embeddings', body, context.signal), model, texts.length), context);
    },
    async close() {
      for (const { agents } of Object.values(lanes)) {
        agents.http.destroy();
        agents.https.destroy();
      }
    },
  };
}

function classifyTransportError(error: unknown, signal: AbortSignal | undefined, timeoutMs: number): AiError {
  if (signal?.aborted) return callerAborted();
  const code = (error as { code?: string }).code;
  if (code === 'ETIMEDOUT' || (error as Error).name === 'TimeoutError') {
    return new AiError('timeout', `AI provider did not answer within ${timeoutMs} ms`, { retryable: true });
  }
  // Only the code: the message of a transport error says nothing a caller can act on.
  return new AiError('provider', `AI provider unreachable (${code ?? NETWORK_ERROR} error)`, { retryable: true });
}

function readCompletion(text: string, requestedModel: string): Omit<ChatAnswer, 'attempts'> {
  const body = readJsonBody(text);
  if (!completionBody.Check(body)) {
    throw new AiError('provider', 'AI provider answered without a chat completion', { retryable: true });
  }
  const usage = body.usage ?? {};
  const promptTokens = Math.round(usage.prompt_tokens ?? 0);
  const completionTokens = Math.round(usage.completion_tokens ?? 0);
  return {
    content: body.choices[0]?.message.content ?? '',
    model: body.model ?? requestedModel,
    usage: { promptTokens, completionTokens, totalTokens: Math.round(usage.total_tokens ?? promptTokens + completionTokens) },
    ...(usage.cost !== undefined ? { costUsd: usage.cost } : {}),
  };
}
