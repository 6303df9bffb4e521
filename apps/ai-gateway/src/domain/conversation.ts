// One operation's exchange with the model: ask, check the answer, and when it is unusable send the
// reason back to the model and ask again, a bounded number of times with backoff. Transport
// failures have already been retried by the provider and end the exchange.
import type { AiMetadata, TokenUsage } from '@persona-lab/contracts';

import type { CallContext, ChatMessage, ChatProvider, Sampling } from '../providers/types.js';
import { AiError } from './ai-error.js';
import type { Accepted } from './answer.js';
import { backoffDelay, type BackoffPolicy, pause } from './backoff.js';
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

const INFO_LEVELS = new Set(['trace', 'debug', 'info']);
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
): Promise<Answered<T>> {
  const use = useOf(exchange.task.operation);
  const messages = [...exchange.messages];
  const log = context.log;
  const about = { operation: exchange.task.operation, provider: provider.name };
  // Previews are cut from long prompts on every call; skip that work when info is not logged.
  const detailed = INFO_LEVELS.has(log.level);
  let usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let costUsd: number | undefined;
  let requests = 0;
  let lastReason = '';

  for (let attempt = 1; attempt <= exchange.maxAttempts; attempt++) {
    if (detailed) {
      const system = messages.find((m) => m.role === 'system')?.content ?? '';
      const user = messages.findLast((m) => m.role === 'user')?.content ?? '';
      log.info(
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
        { use, messages, sampling: exchange.sampling, ...(exchange.seed !== undefined ? { seed: exchange.seed } : {}), task: exchange.task },
        context,
      );
    } catch (error) {
      if (error instanceof AiError) error.attempts += requests;
      throw error;
    }
    requests += answer.attempts;
    usage = addUsage(usage, answer.usage);
    if (answer.costUsd !== undefined) costUsd = (costUsd ?? 0) + answer.costUsd;
    if (detailed) {
      log.info(
        {
          ...about,
          attempt: `${attempt}/${exchange.maxAttempts}`,
          answerPreview: answer.content.slice(0, ANSWER_PREVIEW),
          usage: answer.usage,
        },
        'AI answer',
      );
    }

    const accepted = exchange.accept(answer.content);
    if (accepted.ok) {
      const metadata: AiMetadata = {
        provider: provider.name,
        model: answer.model,
        attempts: requests,
        simulated: provider.simulated,
        usage,
        ...(costUsd !== undefined ? { costUsd } : {}),
      };
      return { value: accepted.value, metadata };
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
