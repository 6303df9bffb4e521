// What the feedback domain needs from the outside, as plain interfaces: the database, the AI
// gateway, the persona-service, the broker, locks, the progress feed and metrics. One plugin
// (plugins/domain-deps.ts) wires the real ones into `app.feedback`; domain functions take that
// record first and the caller's context (request id, logger) last. Nothing here knows Fastify.
import type { AiFailure } from '@persona-lab/ai-gateway-client';
import type { FindOrCreatePersonasRequest, FindOrCreatePersonasResponse } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';

import type { SessionQuotas } from './session-quotas.js';

export interface GeneratedFeedback {
  feedback: string;
  purchaseIntent: number;
  keyConcerns: string[];
}

export interface FeedbackInput {
  persona: { bio: string; productAttitudes: string };
  product: { name: string; description: string; price: string; category: string; keyFeatures: string[] };
  language: string;
}

export interface Theme {
  theme: string;
  mentions: number;
}

export interface FeedbackAi {
  generateFeedback(input: FeedbackInput, requestId: string): Promise<GeneratedFeedback>;
  aggregateThemes(concerns: string[], requestId: string): Promise<{ themes: Theme[]; simulated: boolean }>;
  /** The gateway client's one classification of a failed AI call (classifyAiFailure): whether a retry can help. */
  classify(error: unknown): AiFailure;
}

export type SessionEvent = 'started' | 'completed' | 'failed' | 'cancelled';

export interface FeedbackDeps {
  db: PrismaClient;
  ai: FeedbackAi;
  /** persona-service: reuse matching ACTIVE personas, create and queue the rest. */
  findOrCreatePersonas(request: FindOrCreatePersonasRequest): Promise<FindOrCreatePersonasResponse>;
  /** Publishes one feedback generation task per result id (confirmed by the broker). */
  publishTasks(sessionId: string, resultIds: string[], requestId: string): Promise<void>;
  /** Tells live progress streams that a session changed. */
  announce(sessionId: string): Promise<void>;
  /** Runs `routine` while holding the lock; rejects when the lock cannot be had (held elsewhere, or Redis down). */
  withLock<T>(key: string, ttlMs: number, routine: () => Promise<T>): Promise<T>;
  /** Counts session lifecycle events (metrics). */
  recordSession(event: SessionEvent): void;
  quotas: SessionQuotas;
}
