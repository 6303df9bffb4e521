// A small typed client of the ai-gateway: one method per operation, the service credential and
// request id on every call, answers checked against the shared contracts, failures as AiGatewayError.
import {
  AI_GATEWAY_ROUTES,
  AiAggregateThemesResponse,
  AiGenerateFeedbackResponse,
  AiGeneratePersonaResponse,
  AiGeneratePersonasResponse,
  type AiAggregateThemesRequest,
  type AiGenerateFeedbackRequest,
  type AiGeneratePersonaDetailsRequest,
  type AiGeneratePersonasRequest,
  type AiGeneratePersonaWithNameRequest,
} from '@persona-lab/contracts';
import got, { type Got } from 'got';
import type { Static, TProperties, TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { AiGatewayError, errorFromResponse, errorFromTransport } from './errors.js';

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

export interface CallOptions {
  /** Sent as x-request-id so the gateway's logs join the caller's. */
  requestId?: string;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 180_000;

const validators = {
  personas: Compile(AiGeneratePersonasResponse),
  persona: Compile(AiGeneratePersonaResponse),
  feedback: Compile(AiGenerateFeedbackResponse),
  themes: Compile(AiAggregateThemesResponse),
};

export function createAiGatewayClient(options: AiGatewayClientOptions) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http: Got = got.extend({
    prefixUrl: options.baseUrl,
    headers: { 'x-service-token': options.serviceToken },
    timeout: { request: timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    responseType: 'text',
  });

  async function post<S extends TSchema>(
    path: string,
    body: object,
    validator: Validator<TProperties, S>,
    call: CallOptions,
  ): Promise<Static<S>> {
    let response;
    try {
      response = await http.post(path.replace(/^\//, ''), {
        json: body,
        headers: call.requestId ? { 'x-request-id': call.requestId } : {},
        signal: call.signal,
      });
    } catch (error) {
      throw errorFromTransport(error, call.signal, timeoutMs);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw errorFromResponse(response.statusCode, response.headers, response.body);
    }
    let value: unknown;
    try {
      value = JSON.parse(response.body);
    } catch {
      value = undefined;
    }
    if (!validator.Check(value)) {
      const reasons =
        value === undefined
          ? 'not JSON'
          : validator
              .Errors(value)
              .slice(0, 3)
              .map((error) => `${error.instancePath} ${error.message}`)
              .join('; ');
      throw new AiGatewayError(`The ai-gateway answered outside its contract: ${reasons}`, {
        code: 'INVALID_RESPONSE',
        retryable: false,
        status: response.statusCode,
        requestId: call.requestId,
      });
    }
    return value as Static<S>;
  }

  return {
    generatePersonas: (request: AiGeneratePersonasRequest, call: CallOptions = {}) =>
      post(AI_GATEWAY_ROUTES.generatePersonas, request, validators.personas, call),
    generatePersonaWithName: (request: AiGeneratePersonaWithNameRequest, call: CallOptions = {}) =>
      post(AI_GATEWAY_ROUTES.generatePersonaWithName, request, validators.persona, call),
    generatePersonaDetails: (request: AiGeneratePersonaDetailsRequest, call: CallOptions = {}) =>
      post(AI_GATEWAY_ROUTES.generatePersonaDetails, request, validators.persona, call),
    generateFeedback: (request: AiGenerateFeedbackRequest, call: CallOptions = {}) =>
      post(AI_GATEWAY_ROUTES.generateFeedback, request, validators.feedback, call),
    aggregateThemes: (request: AiAggregateThemesRequest, call: CallOptions = {}) =>
      post(AI_GATEWAY_ROUTES.aggregateThemes, request, validators.themes, call),
  };
}

export type AiGatewayClient = ReturnType<typeof createAiGatewayClient>;
