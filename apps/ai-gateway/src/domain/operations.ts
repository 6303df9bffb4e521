// The gateway's operations: for the chat operations, build the prompts, say what a usable answer
// is (for personas: one that matches the requested demographics) and run the exchange; embed asks the provider's embedding model for one vector per text.
import {
  type AiAggregateThemesRequest,
  type AiAggregateThemesResponse,
  type AiAnswerQuestionRequest,
  type AiAnswerQuestionResponse,
  type AiEmbedRequest,
  type AiEmbedResponse,
  type AiGenerateFeedbackRequest,
  type AiGenerateFeedbackResponse,
  type AiGeneratePersonaDetailsRequest,
  type AiGeneratePersonaResponse,
  type AiGeneratePersonasRequest,
  type AiGeneratePersonasResponse,
  type AiGeneratePersonaWithNameRequest,
  type AiInterviewTurnRequest,
  type AiInterviewTurnResponse,
  type AiMetadata,
  type Demographics,
  GeneratedFeedback,
  GeneratedInterviewReply,
  type GeneratedPersona as Persona,
  KeyThemeList,
} from '@persona-lab/contracts';
import { Type } from 'typebox';

import type { CallContext, ChatProvider, EmbeddingAnswer } from '../providers/types.js';
import { AiError, callerAborted } from './ai-error.js';
import { acceptAnswer, type Accepted, answerFormat } from './answer.js';
import type { BackoffPolicy } from './backoff.js';
import { type CacheContext, converse } from './conversation.js';
import { acceptPanelAnswer } from './panel-answer.js';
import { contradictions, StatedPersona, withoutStatedCountry } from './persona-fidelity.js';
import { FEEDBACK_FORMAT_REMINDER, FEEDBACK_SAMPLING, feedbackMessages } from './prompts/feedback.js';
import { INTERVIEW_FORMAT_REMINDER, INTERVIEW_SAMPLING, interviewMessages } from './prompts/interview.js';
import { PANEL_ANSWER_SAMPLING, panelAnswerFormatReminder, panelAnswerMessages } from './prompts/panel-answer.js';
import {
  buildFixedNameSystemPrompt,
  buildPersonaDetailsSystemPrompt,
  buildPersonaSystemPrompt,
  buildPersonaUserPrompt,
  buildSinglePersonaUserPrompt,
  PERSONA_SAMPLING,
  personaMessages,
} from './prompts/persona.js';
import { THEMES_SAMPLING, themesMessages } from './prompts/themes.js';
import { type CachedEmbeddings, embeddingsKey } from './response-cache.js';
import { createStatementEmbeddings } from './statement-embeddings.js';

export interface OperationsOptions {
  provider: ChatProvider;
  backoff: BackoffPolicy;
  /** Answers per batch persona generation. */
  batchMaxAttempts: number;
  /** Answers per other operation. */
  maxAttempts: number;
  /** The response cache, when it is on. */
  cache?: CacheContext;
}

/** The contract's persona list (1–10), of personas that may also state their country. */
const personaList = answerFormat(Type.Array(StatedPersona, { minItems: 1, maxItems: 10 }), 'array');
const onePersona = answerFormat(StatedPersona, 'object');
const feedback = answerFormat(GeneratedFeedback, 'object');
const interviewReply = answerFormat(GeneratedInterviewReply, 'object');
const themeList = answerFormat(KeyThemeList, 'array');

const MAX_CONTRADICTIONS = 5;

/** The personas as asked for (requested gender, age range, country), or why not, persona by persona. */
function matchingDemographics(personas: StatedPersona[], demographics: Partial<Demographics>): Accepted<Persona[]> {
  const problems = personas.flatMap((persona, i) => {
    const found = contradictions(persona, demographics);
    return personas.length === 1 ? found : found.map((problem) => `persona ${i + 1}: ${problem}`);
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_CONTRADICTIONS).join('; ');
    return { ok: false, reason: problems.length > MAX_CONTRADICTIONS ? `${listed}; and more like these` : listed };
  }
  return { ok: true, value: personas.map(withoutStatedCountry) };
}

function exactCount(count: number, demographics: Partial<Demographics>) {
  return (content: string): Accepted<Persona[]> => {
    const accepted = acceptAnswer(content, personaList);
    if (!accepted.ok) return accepted;
    if (accepted.value.length !== count) {
      return { ok: false, reason: `expected exactly ${count} personas, got ${accepted.value.length}` };
    }
    return matchingDemographics(accepted.value, demographics);
  };
}

function onePersonaOf(demographics: Partial<Demographics>, name?: string) {
  const wanted = name?.trim().toLowerCase();
  return (content: string): Accepted<Persona> => {
    const accepted = acceptAnswer(content, onePersona);
    if (!accepted.ok) return accepted;
    if (wanted !== undefined && !accepted.value.name.toLowerCase().includes(wanted)) {
      // Said without quoting either name: the user's name stays inside the NAME data block of the prompt.
      return { ok: false, reason: '"name" must be the name given in the NAME data block' };
    }
    const matching = matchingDemographics([accepted.value], demographics);
    return matching.ok ? { ok: true, value: matching.value[0]! } : matching;
  };
}

function someThemes(content: string): Accepted<AiAggregateThemesResponse['themes']> {
  const accepted = acceptAnswer(content, themeList);
  if (!accepted.ok) return accepted;
  if (accepted.value.length === 0) return { ok: false, reason: 'the array has no themes' };
  return { ok: true, value: [...accepted.value].sort((a, b) => b.mentions - a.mentions) };
}

const NO_CALL: AiMetadata['usage'] = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

export function createOperations(options: OperationsOptions) {
  const { provider, backoff } = options;

  const metadataOf = (answer: CachedEmbeddings): AiMetadata => ({
    provider: provider.name,
    model: answer.model,
    attempts: answer.attempts,
    simulated: provider.simulated,
    usage: answer.usage,
    ...(answer.costUsd !== undefined ? { costUsd: answer.costUsd } : {}),
  });

  const statementEmbedding = createStatementEmbeddings(provider);

  /**
   * The embed operation; `ask` is how a cache miss is answered (by default, one provider request for
   * these texts). `lookUp: false` goes to `ask` without reading the cache (the answer is still stored).
   */
  async function embed(
    request: AiEmbedRequest,
    context: CallContext,
    ask: () => Promise<EmbeddingAnswer> = () => provider.embed(request.texts, context),
    { lookUp = true }: { lookUp?: boolean } = {},
  ): Promise<AiEmbedResponse> {
    // An embedding model has no sampling: the same texts always embed the same, so every call may be cached.
    const { cache } = options;
    const key = cache
      ? embeddingsKey({ scope: cache.scope, provider: provider.name, model: provider.modelFor('embeddings'), texts: request.texts })
      : undefined;
    const cached = cache && key && lookUp ? await cachedEmbeddings(cache, key, request.texts.length, context) : undefined;
    if (cached) return { embeddings: cached.vectors, metadata: { ...metadataOf(cached), attempts: 0, cached: true } };

    const answer = await ask();
    const metadata = { ...metadataOf(answer), cached: false };
    if (cache && key) cache.later(() => storeEmbeddings(cache, key, provider, answer, context));
    context.log.info(
      { operation: 'embed', provider: provider.name, model: answer.model, texts: request.texts.length, attempts: answer.attempts },
      'AI embeddings',
    );
    return { embeddings: answer.vectors, metadata };
  }

  return {
    async generatePersonas(request: AiGeneratePersonasRequest, context: CallContext): Promise<AiGeneratePersonasResponse> {
      const { value, metadata } = await converse(
        provider,
        {
          task: { operation: 'personas', request },
          messages: personaMessages(buildPersonaSystemPrompt(request.count), buildPersonaUserPrompt(request)),
          sampling: PERSONA_SAMPLING,
          maxAttempts: options.batchMaxAttempts,
          accept: exactCount(request.count, request.demographics),
          formatReminder: `Answer again with ONLY a JSON array of exactly ${request.count} persona objects that match the DEMOGRAPHICS, no markdown, no commentary.`,
        },
        context,
        backoff,
        options.cache,
      );
      return { personas: value, metadata };
    },

    async generatePersonaWithName(request: AiGeneratePersonaWithNameRequest, context: CallContext): Promise<AiGeneratePersonaResponse> {
      const { value, metadata } = await converse(
        provider,
        {
          task: { operation: 'persona-with-name', request },
          messages: personaMessages(
            buildFixedNameSystemPrompt(request.name),
            buildSinglePersonaUserPrompt(request.demographics, request.psychographics),
          ),
          sampling: PERSONA_SAMPLING,
          maxAttempts: options.maxAttempts,
          accept: onePersonaOf(request.demographics, request.name),
          formatReminder:
            'Answer again with ONLY one JSON persona object named as in the NAME data block that matches the DEMOGRAPHICS, no markdown, no commentary.',
        },
        context,
        backoff,
        options.cache,
      );
      return { persona: value, metadata };
    },

    async generatePersonaDetails(request: AiGeneratePersonaDetailsRequest, context: CallContext): Promise<AiGeneratePersonaResponse> {
      const { value, metadata } = await converse(
        provider,
        {
          task: { operation: 'persona-details', request },
          messages: personaMessages(
            buildPersonaDetailsSystemPrompt(request.variantNumber),
            buildSinglePersonaUserPrompt(request.demographics, request.psychographics),
          ),
          sampling: PERSONA_SAMPLING,
          maxAttempts: options.maxAttempts,
          accept: onePersonaOf(request.demographics),
          formatReminder: 'Answer again with ONLY one JSON persona object that matches the DEMOGRAPHICS, no markdown, no commentary.',
        },
        context,
        backoff,
        options.cache,
      );
      return { persona: value, metadata };
    },

    async generateFeedback(request: AiGenerateFeedbackRequest, context: CallContext): Promise<AiGenerateFeedbackResponse> {
      const { value, metadata } = await converse(
        provider,
        {
          task: { operation: 'feedback', request },
          messages: feedbackMessages(request),
          sampling: FEEDBACK_SAMPLING,
          seed: request.seed,
          maxAttempts: options.maxAttempts,
          accept: (content) => acceptAnswer(content, feedback),
          formatReminder: FEEDBACK_FORMAT_REMINDER,
        },
        context,
        backoff,
        options.cache,
      );
      return { ...value, metadata };
    },

    async answerQuestion(request: AiAnswerQuestionRequest, context: CallContext): Promise<AiAnswerQuestionResponse> {
      const { value, metadata } = await converse(
        provider,
        {
          task: { operation: 'panel-answer', request },
          messages: panelAnswerMessages(request),
          sampling: PANEL_ANSWER_SAMPLING,
          maxAttempts: options.maxAttempts,
          accept: acceptPanelAnswer(request.form),
          formatReminder: panelAnswerFormatReminder(request.form),
        },
        context,
        backoff,
        options.cache,
      );
      return { ...value, metadata };
    },

    async interviewTurn(request: AiInterviewTurnRequest, context: CallContext): Promise<AiInterviewTurnResponse> {
      const { value, metadata } = await converse(
        provider,
        {
          task: { operation: 'interview-turn', request },
          messages: interviewMessages(request),
          sampling: INTERVIEW_SAMPLING,
          maxAttempts: options.maxAttempts,
          accept: (content) => acceptAnswer(content, interviewReply),
          formatReminder: INTERVIEW_FORMAT_REMINDER,
        },
        context,
        backoff,
        options.cache,
      );
      return { reply: value.reply, metadata };
    },

    embed,

    /**
     * The embed operation on one statement, given at most `timeoutMs`: past it the call is aborted and
     * fails as a timeout (retryable), not as the caller's abort. A miss is embedded with the other
     * statements of its turn (statement-embeddings.ts). `fresh`: the model has just written the
     * statement (its feedback was no cache hit), so the cache is not read for it (nor counted as a
     * hit or miss), only written: such a statement is all but never there, and its read was about
     * half the gateway's database round trips at the platform ceiling (0.48 → 0.26 per result, issue
     * #17). The rare statement that was there costs one embedding, a small part of its feedback's call.
     */
    async embedStatement(statement: string, timeoutMs: number, context: CallContext, { fresh = false } = {}): Promise<AiEmbedResponse> {
      // A controller and a timer rather than AbortSignal.any/timeout: on a result's hot path, and
      // both are cleared as soon as the call ends.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const callerLeft = () => controller.abort();
      context.signal?.addEventListener('abort', callerLeft, { once: true });
      try {
        const own = { ...context, signal: controller.signal };
        return await embed({ texts: [statement] }, own, () => untilAborted(statementEmbedding(statement, own), own.signal), {
          lookUp: !fresh,
        });
      } catch (error) {
        if (!controller.signal.aborted || context.signal?.aborted) throw error;
        throw new AiError('timeout', `the embedding did not finish within ${timeoutMs} ms`, {
          retryable: true,
          attempts: error instanceof AiError ? error.attempts : 0,
        });
      } finally {
        clearTimeout(timer);
        context.signal?.removeEventListener('abort', callerLeft);
      }
    },

    async aggregateThemes(request: AiAggregateThemesRequest, context: CallContext): Promise<AiAggregateThemesResponse> {
      if (request.concerns.length === 0) {
        // Nothing to group: no reason to spend a model call.
        const metadata: AiMetadata = {
          provider: provider.name,
          model: provider.modelFor('themes'),
          attempts: 0,
          simulated: provider.simulated,
          usage: NO_CALL,
          cached: false,
        };
        return { themes: [], metadata };
      }
      const { value, metadata } = await converse(
        provider,
        {
          task: { operation: 'themes', request },
          messages: themesMessages(request.concerns),
          sampling: THEMES_SAMPLING,
          seed: request.seed,
          maxAttempts: options.maxAttempts,
          accept: someThemes,
          formatReminder:
            'Answer again with ONLY a JSON array of 5 to 7 {"theme": string, "mentions": integer} objects, no markdown, no commentary.',
        },
        context,
        backoff,
        options.cache,
      );
      return { themes: value, metadata };
    },
  };
}

export type AiOperations = ReturnType<typeof createOperations>;

/** The promise's outcome, or an `aborted` AiError as soon as `signal` aborts (the work itself goes on for others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(callerAborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(callerAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Cached vectors of as many texts as asked about, or undefined (a failed read counts as a miss, with a warning). */
async function cachedEmbeddings(cache: CacheContext, key: string, texts: number, context: CallContext) {
  let cached: CachedEmbeddings | undefined;
  try {
    cached = await cache.store.getEmbeddings(key);
  } catch (error) {
    context.log.warn({ operation: 'embed', err: (error as Error).message }, 'response cache could not be read; asking the provider');
  }
  const usable = cached && cached.vectors.length === texts ? cached : undefined;
  cache.record('embed', usable ? 'hit' : 'miss');
  return usable;
}

async function storeEmbeddings(
  cache: CacheContext,
  key: string,
  provider: ChatProvider,
  answer: EmbeddingAnswer,
  context: CallContext,
): Promise<void> {
  try {
    await cache.store.put(
      key,
      { operation: 'embed', provider: provider.name, model: answer.model },
      {
        vectors: answer.vectors,
        model: answer.model,
        usage: answer.usage,
        ...(answer.costUsd !== undefined ? { costUsd: answer.costUsd } : {}),
        attempts: answer.attempts,
      },
    );
  } catch (error) {
    context.log.warn({ operation: 'embed', err: (error as Error).message }, 'answer could not be stored in the response cache');
  }
}
