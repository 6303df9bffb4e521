import { type Static, Type } from 'typebox';

import { defineTask } from './message-contract.js';

/** Generate the details of one persona stored as GENERATING (the queued strategy). */
export const PersonaGenerationTaskSchema = Type.Object({
  personaId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  /** Spreads otherwise identical requests apart so a batch of personas comes out varied. */
  variantNumber: Type.Integer({ minimum: 0 }),
  requestId: Type.Optional(Type.String({ maxLength: 200 })),
  /** The feedback session the persona is generated for, so its model call counts toward that session's cost. */
  sessionId: Type.Optional(Type.String({ format: 'uuid' })),
});
export type PersonaGenerationTaskMessage = Static<typeof PersonaGenerationTaskSchema>;

export const PersonaGenerationTask = defineTask({
  name: 'PersonaGenerationTask',
  version: 1,
  queue: 'persona.generation.queue',
  schema: PersonaGenerationTaskSchema,
  // The ai-gateway call (AI_GATEWAY_TIMEOUT_MS, 120 s by default) plus the 30 s margin.
  leaseMs: 150_000,
});
