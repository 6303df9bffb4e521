// A small typed client of the ai-gateway: one method per operation, the service credential and
// request id on every call (internal-http), answers checked against the shared contracts, failures
// as AiGatewayError.
import {
  AI_GATEWAY_ROUTES,
  type AiAggregateThemesRequest,
  AiAggregateThemesResponse,
  type AiAnswerQuestionRequest,
  AiAnswerQuestionResponse,
  type AiEmbedRequest,
  AiEmbedResponse,
  type AiGenerateFeedbackRequest,
  AiGenerateFeedbackResponse,
  type AiGeneratePersonaDetailsRequest,
  AiGeneratePersonaResponse,
  type AiGeneratePersonasRequest,
  AiGeneratePersonasResponse,
  type AiGeneratePersonaWithNameRequest,
  type AiInterviewTurnRequest,
  AiInterviewTurnResponse,
  AiPricingResponse,
} from '@persona-lab/contracts';
import { type CallOptions, createInternalHttp } from '@persona-lab/internal-http';
import { Compile } from 'typebox/compile';

import { AI_GATEWAY, aiGatewayErrorOf } from './errors.js';

export type { CallOptions };

export interface AiGatewayClientOptions {
  /** e.g. http://127.0.0.1:3005 */
  baseUrl: string;
  serviceToken: string;
  /**
   * Whole-call timeout. The gateway itself retries and repairs for a while (up to 5 answers with
   * backoff for a batch), so this is generous by default.
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 180_000;

const validators = {
  personas: Compile(AiGeneratePersonasResponse),
  persona: Compile(AiGeneratePersonaResponse),
  feedback: Compile(AiGenerateFeedbackResponse),
  themes: Compile(AiAggregateThemesResponse),
  embeddings: Compile(AiEmbedResponse),
  panelAnswer: Compile(AiAnswerQuestionResponse),
  interviewTurn: Compile(AiInterviewTurnResponse),
  pricing: Compile(AiPricingResponse),
};

export function createAiGatewayClient(options: AiGatewayClientOptions) {
  // No retries here: the gateway retries the provider itself, and callers retry through their queues.
  const http = createInternalHttp({
    service: AI_GATEWAY,
    baseUrl: options.baseUrl,
    serviceToken: options.serviceToken,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    toError: aiGatewayErrorOf,
  });

  return {
    generatePersonas: (request: AiGeneratePersonasRequest, call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.generatePersonas, request, validators.personas, call),
    generatePersonaWithName: (request: AiGeneratePersonaWithNameRequest, call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.generatePersonaWithName, request, validators.persona, call),
    generatePersonaDetails: (request: AiGeneratePersonaDetailsRequest, call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.generatePersonaDetails, request, validators.persona, call),
    generateFeedback: (request: AiGenerateFeedbackRequest, call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.generateFeedback, request, validators.feedback, call),
    aggregateThemes: (request: AiAggregateThemesRequest, call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.aggregateThemes, request, validators.themes, call),
    /** One vector per text (1–64 texts of at most 2 000 characters), in the order of `texts`. */
    embed: (texts: string[], call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.embed, { texts } satisfies AiEmbedRequest, validators.embeddings, call),
    answerQuestion: (request: AiAnswerQuestionRequest, call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.answerQuestion, request, validators.panelAnswer, call),
    interviewTurn: (request: AiInterviewTurnRequest, call: CallOptions = {}) =>
      http.post(AI_GATEWAY_ROUTES.interviewTurn, request, validators.interviewTurn, call),
    /** The model of each use and its price (null when unknown). */
    pricing: (call: CallOptions = {}) => http.get(AI_GATEWAY_ROUTES.pricing, validators.pricing, call),
  };
}

export type AiGatewayClient = ReturnType<typeof createAiGatewayClient>;
