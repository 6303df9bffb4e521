import { type Static, Type } from 'typebox';

import { defineTask } from './message-contract.js';

/** Produce the feedback of one (product, persona) result of a feedback session. */
export const FeedbackGenerationTaskSchema = Type.Object({
  resultId: Type.String({ format: 'uuid' }),
  sessionId: Type.String({ format: 'uuid' }),
  requestId: Type.Optional(Type.String({ maxLength: 200 })),
});
export type FeedbackGenerationTaskMessage = Static<typeof FeedbackGenerationTaskSchema>;

export const FeedbackGenerationTask = defineTask({
  name: 'FeedbackGenerationTask',
  version: 1,
  queue: 'feedback.generation.queue',
  schema: FeedbackGenerationTaskSchema,
  // The feedback call (AI_GATEWAY_TIMEOUT_MS, 120 s by default), the embedding of its purchase
  // statement (SSR_EMBED_TIMEOUT_MS, 15 s) and the 30 s margin.
  leaseMs: 180_000,
});
