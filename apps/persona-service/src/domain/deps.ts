// What the generation domain needs from the outside, as plain interfaces: the database, the AI
// gateway, a publisher and a logger. Plugins wire the real ones; nothing here knows Fastify.
import type { AiFailure } from '@persona-lab/ai-gateway-client';
import type {
  AiGeneratePersonaDetailsRequest,
  AiGeneratePersonasRequest,
  AiGeneratePersonaWithNameRequest,
  GeneratedPersona,
  MessageContract,
  MessageOf,
} from '@persona-lab/contracts';
import type { PgPool, PrismaClient } from '@persona-lab/db';
import type { CallUsage } from '@persona-lab/service-kit';

import type { BuiltInName } from './names.js';

/** A failed AI call as the gateway client classifies it (the one shape, from the client package). */
export type { AiFailure };

/** Every answer carries its call's model, tokens and cost, which the caller stores (model_calls). */
export interface PersonaAi {
  generatePersonas(request: AiGeneratePersonasRequest, requestId: string): Promise<{ personas: GeneratedPersona[]; call: CallUsage }>;
  generatePersonaWithName(
    request: AiGeneratePersonaWithNameRequest,
    requestId: string,
  ): Promise<{ persona: GeneratedPersona; call: CallUsage }>;
  generatePersonaDetails(
    request: AiGeneratePersonaDetailsRequest,
    requestId: string,
  ): Promise<{ persona: GeneratedPersona; call: CallUsage }>;
  classify(error: unknown): AiFailure;
}

export interface Publisher {
  publish<C extends MessageContract>(contract: C, message: MessageOf<C>, options?: { requestId?: string }): Promise<void>;
}

export interface GenerationDeps {
  db: PrismaClient;
  /** The pool under `db`: the statements every generated persona runs (generation-store.ts). */
  pg: PgPool;
  ai: PersonaAi;
  publisher: Publisher;
  /** Fixed names used when the `names` table has too few. */
  builtInNames: readonly BuiltInName[];
  /** Model calls a user's requests may start per UTC day (QUOTA_LLM_CALLS_PER_DAY). */
  llmCallsPerDay: number;
}
