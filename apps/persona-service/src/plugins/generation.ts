// Wires the generation domain to the real world: the ai-gateway client (with its one classification
// of failures), the database and the broker, as `app.generation`.
import { type AiGatewayClient, classifyAiFailure, createAiGatewayClient } from '@persona-lab/ai-gateway-client';
import type { AiMetadata } from '@persona-lab/contracts';
import type { CallUsage } from '@persona-lab/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import type { GenerationDeps, PersonaAi } from '../domain/deps.js';
import { BUILT_IN_NAMES } from '../domain/names.js';

declare module 'fastify' {
  interface FastifyInstance {
    generation: GenerationDeps;
  }
}

export interface GenerationPluginOptions {
  gatewayUrl: string;
  serviceToken: string;
  gatewayTimeoutMs: number;
  llmCallsPerDay: number;
}

const callOf = ({ model, usage, costUsd, attempts }: AiMetadata): CallUsage => ({ model, usage, costUsd, attempts });

export function personaAiOf(client: AiGatewayClient): PersonaAi {
  return {
    generatePersonas: async (request, requestId) => {
      const { personas, metadata } = await client.generatePersonas(request, { requestId });
      return { personas, call: callOf(metadata) };
    },
    generatePersonaWithName: async (request, requestId) => {
      const { persona, metadata } = await client.generatePersonaWithName(request, { requestId });
      return { persona, call: callOf(metadata) };
    },
    generatePersonaDetails: async (request, requestId) => {
      const { persona, metadata } = await client.generatePersonaDetails(request, { requestId });
      return { persona, call: callOf(metadata) };
    },
    classify: classifyAiFailure,
  };
}

async function generation(app: FastifyInstance, options: GenerationPluginOptions): Promise<void> {
  const client = createAiGatewayClient({
    baseUrl: options.gatewayUrl,
    serviceToken: options.serviceToken,
    timeoutMs: options.gatewayTimeoutMs,
  });
  app.decorate('generation', {
    db: app.db,
    pg: app.pg,
    ai: personaAiOf(client),
    publisher: app.broker,
    builtInNames: BUILT_IN_NAMES,
    llmCallsPerDay: options.llmCallsPerDay,
  } satisfies GenerationDeps);
}

export const generationPlugin = fp(generation, {
  name: 'persona-generation',
  dependencies: ['persona-lab-prisma', 'persona-lab-broker'],
});
