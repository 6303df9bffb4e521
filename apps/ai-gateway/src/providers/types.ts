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

export interface CallContext {
  log: FastifyBaseLogger;
  signal?: AbortSignal;
}

/** One model behind the gateway. `complete` throws only AiError. */
export interface ChatProvider {
  readonly name: AiProviderName;
  readonly simulated: boolean;
  modelFor(use: AiUse): string;
  /** The OpenRouter preset a call for this use carries, if any. */
  presetFor(use: AiUse): string | undefined;
  complete(request: ChatRequest, context: CallContext): Promise<ChatAnswer>;
  close(): Promise<void>;
}
