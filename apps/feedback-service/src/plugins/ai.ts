// The ai-gateway as the feedback domain uses it: feedback of a persona on a product (with its purchase
// statement's embedding), its answers to questions to the panel, themes of concerns, embeddings of
// the SSR anchors, and the one classification of a failure (can a retry help?).
import { classifyAiFailure, createAiGatewayClient } from '@persona-lab/ai-gateway-client';
import type { AiMetadata, AiStatementEmbedding } from '@persona-lab/contracts';
import { type CallUsage, unpackVector } from '@persona-lab/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import type { FeedbackAi, StatementEmbedding } from '../domain/deps.js';
import { concernsForThemes, MAX_THEME_CONCERNS } from '../domain/insights-panel.js';

declare module 'fastify' {
  interface FastifyInstance {
    ai: FeedbackAi;
  }
}

const callOf = ({ model, usage, costUsd, attempts }: AiMetadata): CallUsage => ({ model, usage, costUsd, attempts });

function statementEmbeddingOf(embedding: AiStatementEmbedding): StatementEmbedding {
  if ('failure' in embedding) return { failure: `${embedding.failure.kind}: ${embedding.failure.message}` };
  const vector = unpackVector(embedding.packedVector);
  // Paid for all the same: the call is kept with the failure.
  return vector
    ? { vector, call: callOf(embedding.metadata) }
    : { failure: 'the gateway sent a statement vector that is not one (packedVector)', call: callOf(embedding.metadata) };
}

async function ai(app: FastifyInstance, options: { baseUrl: string; serviceToken: string; timeoutMs: number }): Promise<void> {
  const client = createAiGatewayClient(options);

  const feedbackAi: FeedbackAi = {
    async generateFeedback(input, requestId) {
      // The gateway bounds the statement's embedding by its own timeout, after the feedback's.
      const timeoutMs = options.timeoutMs + (input.embedStatement?.timeoutMs ?? 0);
      const answer = await client.generateFeedback(input, { requestId, timeoutMs });
      return {
        feedback: answer.feedback,
        purchaseIntent: answer.purchase_intent,
        keyConcerns: answer.key_concerns,
        purchaseStatement: answer.purchase_statement,
        call: callOf(answer.metadata),
        ...(answer.statementEmbedding ? { statementEmbedding: statementEmbeddingOf(answer.statementEmbedding) } : {}),
      };
    },
    async answerQuestion(input, requestId) {
      const answer = await client.answerQuestion(input, { requestId });
      return {
        answer: answer.answer,
        keyPoints: answer.key_points,
        scaleValue: answer.scale_value ?? null,
        choice: answer.choice ?? null,
        simulated: answer.metadata.simulated,
        call: callOf(answer.metadata),
      };
    },
    async interviewTurn(input, requestId) {
      const answer = await client.interviewTurn(input, { requestId });
      return { reply: answer.reply, simulated: answer.metadata.simulated, call: callOf(answer.metadata) };
    },
    async embed(texts, requestId, timeoutMs) {
      const answer = await client.embed(texts, { requestId, signal: AbortSignal.timeout(timeoutMs) });
      return { vectors: answer.embeddings, call: callOf(answer.metadata) };
    },
    async aggregateThemes(concerns, requestId, seed) {
      const request = { concerns: concernsForThemes(concerns, MAX_THEME_CONCERNS), ...(seed !== undefined ? { seed } : {}) };
      const answer = await client.aggregateThemes(request, { requestId });
      return { themes: answer.themes, simulated: answer.metadata.simulated, call: callOf(answer.metadata) };
    },
    pricing: (requestId) => client.pricing({ requestId }),
    classify: classifyAiFailure,
  };
  app.decorate('ai', feedbackAi);
}

export const aiPlugin = fp(ai, { name: 'feedback-ai' });
