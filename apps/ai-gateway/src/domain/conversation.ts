// One operation's exchange with the model: ask, check the answer, and when it is unusable send the
// reason back to the model and ask again, a bounded number of times with backoff. Transport
// failures have already been retried by the provider and end the exchange. With a response cache,
// an exchange that may be cached is first looked up there, and an accepted answer is stored after
// the caller has it.
import type { AiMetadata, TokenUsage } from '@persona-lab/contracts';

import type { CallContext, ChatMessage, ChatProvider, Sampling } from '../providers/types.js';
import { AiError } from './ai-error.js';
import type { Accepted } from './answer.js';
import { backoffDelay, type BackoffPolicy, pause } from './backoff.js';
import { type CachedChatAnswer, chatKey, isCacheable, type ResponseCache } from './response-cache.js';
import { type AiTask, useOf } from './tasks.js';

export interface Exchange<T> {
  task: AiTask;
  messages: ChatMessage[];
  sampling: Sampling;
  /** The caller's seed, sent to the provider with every attempt. */
  seed?: number;
  maxAttempts: number;
  /** Parses and validates an answer: the value, or a reason the model can act on. */
  accept(content: string): Accepted<T>;
  /** Reminds the model what to answer with, after the reason. */
  formatReminder: string;
}

export interface Answered<T> {
  value: T;
  metadata: AiMetadata;
}

/** The response cache as an exchange uses it. */
export interface CacheContext {
  store: ResponseCache;
  /** What else decides an answer besides the request: the provider's endpoint, or the offline seed. */
  scope: string;
  /** Counts a lookup (metrics). */
  record(operation: string, outcome: 'hit' | 'miss'): void;
  /**
   * Runs a write once the current reply is on its way, off the caller's path: the caller's answer
   * is good whether or not it is kept. The write logs its own failure.
   */
  later(write: () => Promise<void>): void;
}

/** Levels at which the previews of prompts and answers are logged (debug: they are cut on every call). */
const PREVIEW_LEVELS = new Set(['trace', 'debug']);
const PROMPT_PREVIEW = 500;
const ANSWER_PREVIEW = 800;
/** An unusable answer is echoed back so the model sees its mistake; a huge one is cut. */
const ECHO_LIMIT = 8_000;

function addUsage(total: TokenUsage, more: TokenUsage): TokenUsage {
  return {
    promptTokens: total.promptTokens + more.promptTokens,
    completionTokens: total.completionTokens + more.completionTokens,
    totalTokens: total.totalTokens + more.totalTokens,
  };
}

export function repairMessage(reason: string, formatReminder: string): string {
  return `Your previous answer could not be used: ${reason}. ${formatReminder}`;
}

export async function converse<T>(
  provider: ChatProvider,
  exchange: Exchange<T>,
  context: CallContext,
  backoff: BackoffPolicy,
  cache?: CacheContext,
): Promise<Answered<T>> {
  const key = cache && isCacheable(exchange.sampling, exchange.seed) ? keyOf(provider, exchange, cache.scope) : undefined;
  if (cache && key) {
    const cached = await lookUp(cache, key, provider, exchange, context);
    if (cached) return cached;
  }
  const answered = await ask(provider, exchange, context, backoff);
  if (cache && key) cache.later(() => store(cache, key, provider, exchange, answered, context));
  return answered;
}

function keyOf(provider: ChatProvider, exchange: Exchange<unknown>, scope: string): string {
  const use = useOf(exchange.task.operation);
  const preset = provider.presetFor(use);
  return chatKey({
    scope,
    provider: provider.name,
    model: provider.modelFor(use),
    ...(preset ? { preset } : {}),
    operation: exchange.task.operation,
    messages: exchange.messages,
    sampling: exchange.sampling,
    ...(exchange.seed !== undefined ? { seed: exchange.seed } : {}),
  });
}

/**
 * A cached answer, accepted again as the operation accepts a fresh one, or undefined. The cache only
 * saves calls: when it cannot be read the call goes to the provider, with a warning.
 */
async function lookUp<T>(
  cache: CacheContext,
  key: string,
  provider: ChatProvider,
  exchange: Exchange<T>,
  context: CallContext,
): Promise<Answered<T> | undefined> {
  const operation = exchange.task.operation;
  let cached: CachedChatAnswer | undefined;
  try {
    cached = await cache.store.getChat(key);
  } catch (error) {
    context.log.warn({ operation, err: (error as Error).message }, 'response cache could not be read; asking the provider');
  }
  const accepted = cached ? exchange.accept(cached.content) : undefined;
  if (!cached || !accepted?.ok) {
    cache.record(operation, 'miss');
    return undefined;
  }
  cache.record(operation, 'hit');
  context.log.info({ operation, model: cached.model }, 'AI answer from the response cache');
  return {
    value: accepted.value,
    metadata: {
      provider: provider.name,
      model: cached.model,
      attempts: 0,
      simulated: provider.simulated,
      usage: cached.usage,
      ...(cached.costUsd !== undefined ? { costUsd: cached.costUsd } : {}),
      cached: true,
    },
  };
}

/** Keeps an accepted answer; failing to is logged, not thrown: the caller's answer is good either way. */
async function store(
  cache: CacheContext,
  key: string,
  provider: ChatProvider,
  exchange: Exchange<unknown>,
  answered: Answered<unknown> & { content: string },
  context: CallContext,
): Promise<void> {
  const { metadata } = answered;
  try {
    await cache.store.put(
      key,
      { operation: exchange.task.operation, provider: provider.name, model: metadata.model },
      {
        content: answered.content,
        model: metadata.model,
        usage: metadata.usage,
        ...(metadata.costUsd !== undefined ? { costUsd: metadata.costUsd } : {}),
        attempts: metadata.attempts,
      },
    );
  } catch (error) {
    context.log.warn(
      { operation: exchange.task.operation, err: (error as Error).message },
      'answer could not be stored in the response cache',
    );
  }
}

/** The exchange with the provider; the accepted answer comes with its raw content, for the cache. */
async function ask<T>(
  provider: ChatProvider,
  exchange: Exchange<T>,
  context: CallContext,
  backoff: BackoffPolicy,
): Promise<Answered<T> & { content: string }> {
  const use = useOf(exchange.task.operation);
  const messages = [...exchange.messages];
  const log = context.log;
  const about = { operation: exchange.task.operation, provider: provider.name };
  const previews = PREVIEW_LEVELS.has(log.level);
  let usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let costUsd: number | undefined;
  let requests = 0;
  let lastReason = '';

  for (let attempt = 1; attempt <= exchange.maxAttempts; attempt++) {
    if (previews) {
      const system = messages.find((m) => m.role === 'system')?.content ?? '';
      const user = messages.findLast((m) => m.role === 'user')?.content ?? '';
      log.debug(
        {
          ...about,
          attempt: `${attempt}/${exchange.maxAttempts}`,
          model: provider.modelFor(use),
          preset: provider.presetFor(use) ?? 'NONE',
          systemPreview: system.slice(0, PROMPT_PREVIEW),
          userPreview: user.slice(0, PROMPT_PREVIEW),
        },
        'AI call',
      );
    }
    let answer;
    try {
      answer = await provider.complete(
        {
          use,
          messages,
          sampling: exchange.sampling,
          ...(exchange.seed !== undefined ? { seed: exchange.seed } : {}),
          task: exchange.task,
        },
        context,
      );
    } catch (error) {
      if (error instanceof AiError) error.attempts += requests;
      throw error;
    }
    requests += answer.attempts;
    usage = addUsage(usage, answer.usage);
    if (answer.costUsd !== undefined) costUsd = (costUsd ?? 0) + answer.costUsd;
    log.info(
      {
        ...about,
        attempt: `${attempt}/${exchange.maxAttempts}`,
        model: answer.model,
        usage: answer.usage,
        ...(previews ? { answerPreview: answer.content.slice(0, ANSWER_PREVIEW) } : {}),
      },
      'AI answer',
    );

    const accepted = exchange.accept(answer.content);
    if (accepted.ok) {
      const metadata: AiMetadata = {
        provider: provider.name,
        model: answer.model,
        attempts: requests,
        simulated: provider.simulated,
        usage,
        ...(costUsd !== undefined ? { costUsd } : {}),
        cached: false,
      };
      return { value: accepted.value, metadata, content: answer.content };
    }

    lastReason = accepted.reason;
    log.warn({ ...about, attempt: `${attempt}/${exchange.maxAttempts}`, reason: lastReason }, 'AI answer rejected');
    if (attempt < exchange.maxAttempts) {
      messages.push(
        { role: 'assistant', content: answer.content.slice(0, ECHO_LIMIT) },
        { role: 'user', content: repairMessage(lastReason, exchange.formatReminder) },
      );
      await pause(backoffDelay(attempt, backoff), context.signal);
    }
  }
  throw new AiError('validation', `The model's answer was unusable after ${exchange.maxAttempts} attempts: ${lastReason}`, {
    retryable: false,
    attempts: requests,
  });
}
