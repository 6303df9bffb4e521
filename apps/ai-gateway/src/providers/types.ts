import type { AiProviderName, TokenUsage } from '@persona-lab/contracts';
import type { FastifyBaseLogger } from 'fastify';

import type { AiTask, AiUse } from '../domain/tasks.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Sampling {
  temperature: number;
  top_p?: number;
  frequency_penalty?: number;
}

export interface ChatRequest {
  use: AiUse;
  messages: ChatMessage[];
  sampling: Sampling;
  /** The study's seed, for providers that accept one (OpenAI's `seed`). */
  seed?: number;
  task: AiTask;
}

export interface ChatAnswer {
  content: string;
  model: string;
  usage: TokenUsage;
  costUsd?: number;
  /** Requests sent to the provider for this answer, retries included. */
  attempts: number;
}

/** Vectors of the texts of one embeddings call, in the order of the texts. */
export interface EmbeddingAnswer {
  vectors: number[][];
  model: string;
  usage: TokenUsage;
  costUsd?: number;
  /** Requests sent to the provider for this answer, retries included. */
  attempts: number;
}

export interface CallContext {
  log: FastifyBaseLogger;
  signal?: AbortSignal;
}

/** One model behind the gateway (and its embedding model). `complete` and `embed` throw only AiError. */
export interface ChatProvider {
  readonly name: AiProviderName;
  readonly simulated: boolean;
  modelFor(use: AiUse): string;
  /** The OpenRouter preset a call for this use carries, if any. */
  presetFor(use: AiUse): string | undefined;
  complete(request: ChatRequest, context: CallContext): Promise<ChatAnswer>;
  /** One vector per text, all of the same dimension, in the order of `texts`. */
  embed(texts: string[], context: CallContext): Promise<EmbeddingAnswer>;
  close(): Promise<void>;
}
