import { type Static, Type } from 'typebox';

import { defineTask } from './message-contract.js';

/** Produce one persona's answer to a question asked of a session's panel. */
export const PanelAnswerTaskSchema = Type.Object({
  answerId: Type.String({ format: 'uuid' }),
  questionId: Type.String({ format: 'uuid' }),
  sessionId: Type.String({ format: 'uuid' }),
  requestId: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PanelAnswerTaskMessage = Static<typeof PanelAnswerTaskSchema>;

export const PanelAnswerTask = defineTask({
  name: 'PanelAnswerTask',
  version: 1,
  queue: 'feedback.panel-answer.queue',
  schema: PanelAnswerTaskSchema,
  // The answer call (AI_GATEWAY_TIMEOUT_MS, 120 s by default) and the 30 s margin.
  leaseMs: 150_000,
});
