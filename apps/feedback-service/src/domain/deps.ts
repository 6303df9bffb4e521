// What the feedback domain needs from the outside, as plain interfaces: the database, the AI
// gateway, the persona-service, the broker, locks, the progress feed and metrics. One plugin
// (plugins/domain-deps.ts) wires the real ones into `app.feedback`; domain functions take that
// record first and the caller's context (request id, logger) last. Nothing here knows Fastify.
import type { AiFailure } from '@persona-lab/ai-gateway-client';
import type {
  AiAnswerQuestionRequest,
  AiGenerateFeedbackRequest,
  AiInterviewTurnRequest,
  AiPricingResponse,
  FindOrCreatePersonasRequest,
  FindOrCreatePersonasResponse,
} from '@persona-lab/contracts';
import type { PgPool, PrismaClient } from '@persona-lab/db';
import type { CallUsage } from '@persona-lab/service-kit';

import type { StoreAnswer } from './answer-store.js';
import type { ClaimResult } from './result-claim.js';
import type { SessionQuotas } from './session-quotas.js';
import type { SsrRater } from './ssr-rater.js';

export interface GeneratedFeedback {
  feedback: string;
  purchaseIntent: number;
  keyConcerns: string[];
  /** In English, the persona's words on how likely it is to buy: what SSR rates. */
  purchaseStatement: string;
}

export type FeedbackInput = AiGenerateFeedbackRequest;

/**
 * The purchase statement's embedding that came with the feedback (asked for with `embedStatement`):
 * its vector and what the embedding call cost, or why there is none (with the call when one was paid
 * for all the same: a vector that did not decode).
 */
export type StatementEmbedding = ({ vector: number[] } & Priced) | ({ failure: string } & Partial<Priced>);

/** A feedback as the gateway answered it: with its call, and its statement's embedding when asked for (absent when not sent). */
export type FeedbackAnswer = GeneratedFeedback & Priced & { statementEmbedding?: StatementEmbedding };

export interface Theme {
  theme: string;
  mentions: number;
}

/** A persona's answer to a question to the panel, checked against the question's form by the gateway. */
export interface PanelAnswer {
  answer: string;
  keyPoints: string[];
  scaleValue: number | null;
  choice: string | null;
  simulated: boolean;
}

/** Every answer carries its call's model, tokens and cost, which the caller stores (model_calls). */
export interface Priced {
  call: CallUsage;
}

export interface FeedbackAi {
  /** A persona's feedback; with `input.embedStatement`, its purchase statement's embedding too, in the same exchange. */
  generateFeedback(input: FeedbackInput, requestId: string): Promise<FeedbackAnswer>;
  answerQuestion(input: AiAnswerQuestionRequest, requestId: string): Promise<PanelAnswer & Priced>;
  /** One interview turn: the persona's reply, synchronously within the gateway client's timeout. */
  interviewTurn(input: AiInterviewTurnRequest, requestId: string): Promise<{ reply: string; simulated: boolean } & Priced>;
  /** `seed`: the session's, so a replay asks for (and is served from the cache) the same themes. */
  aggregateThemes(concerns: string[], requestId: string, seed?: number): Promise<{ themes: Theme[]; simulated: boolean } & Priced>;
  /** One vector per text, in order (the gateway's embed operation): the SSR anchors. */
  embed(texts: string[], requestId: string, timeoutMs: number): Promise<{ vectors: number[][] } & Priced>;
  /** The model of each use and its price (null when unknown), for estimates. */
  pricing(requestId: string): Promise<AiPricingResponse>;
  /** The gateway client's one classification of a failed AI call (classifyAiFailure): whether a retry can help. */
  classify(error: unknown): AiFailure;
}

export type SessionEvent = 'started' | 'completed' | 'failed' | 'cancelled';

export interface FeedbackDeps {
  db: PrismaClient;
  /** The pg pool under Prisma, for the reads of many rows, where Prisma's runtime is the measured cost. */
  pg: PgPool;
  /**
   * The pool of the statements every result runs (claim, store, take), whose connections read tables
   * only through indexes (plugins/results-pool.ts): without Prisma's runtime, which is most of a raw
   * statement's cost.
   */
  resultsPg: PgPool;
  /** Reads a feedback result and claims it for a delivery; the claims of one loop turn share a statement (result-claim.ts). */
  claimResult: ClaimResult;
  /** Stores a generated answer and takes the next queued pair into its place; the stores of one loop turn share a statement (answer-store.ts). */
  storeAnswer: StoreAnswer;
  ai: FeedbackAi;
  /** Rates purchase statements by semantic similarity to the anchor statements. */
  ssr: SsrRater;
  /** How long the gateway may take to embed a purchase statement after its feedback (SSR_EMBED_TIMEOUT_MS). */
  statementEmbedTimeoutMs: number;
  /** persona-service: reuse matching ACTIVE personas, create and queue the rest. */
  findOrCreatePersonas(request: FindOrCreatePersonasRequest): Promise<FindOrCreatePersonasResponse>;
  /** Publishes one feedback generation task per result id (confirmed by the broker). */
  publishTasks(sessionId: string, resultIds: string[], requestId: string): Promise<void>;
  /** Publishes one panel answer task per answer id of a question (confirmed by the broker). */
  publishAnswerTasks(sessionId: string, questionId: string, answerIds: string[], requestId: string): Promise<void>;
  /** Tells live progress streams that a session (or one of its questions) changed. */
  announce(sessionId: string): Promise<void>;
  /** Runs `routine` while holding the lock; rejects when the lock cannot be had (held elsewhere, or Redis down). */
  withLock<T>(key: string, ttlMs: number, routine: () => Promise<T>): Promise<T>;
  /** Counts session lifecycle events (metrics). */
  recordSession(event: SessionEvent): void;
  /** Observes how long each step of a session's completion took, in milliseconds by step (metrics). */
  recordCompletionSteps(stepsMs: Readonly<Record<string, number>>): void;
  quotas: SessionQuotas;
  /** Feedback tasks one session, and answer tasks one question to its panel, may have in flight (published, not finished) at once, over every instance. */
  sessionWindow: number;
}
