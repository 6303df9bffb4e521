// Internal HTTP of the gateway: one route per operation, service credential required, schemas from
// the contracts package (so validation, types and OpenAPI agree with the client).
import {
  AI_ERROR_KIND_HEADER,
  AI_GATEWAY_ROUTES,
  AI_RETRYABLE_HEADER,
  AiAggregateThemesRequest,
  AiAggregateThemesResponse,
  AiAnswerQuestionRequest,
  AiAnswerQuestionResponse,
  AiEmbedRequest,
  AiEmbedResponse,
  AiGenerateFeedbackRequest,
  AiGenerateFeedbackResponse,
  AiGeneratePersonaDetailsRequest,
  AiGeneratePersonaResponse,
  AiGeneratePersonasRequest,
  AiGeneratePersonasResponse,
  AiGeneratePersonaWithNameRequest,
  AiInterviewTurnRequest,
  AiInterviewTurnResponse,
  type AiMetadata,
  AiPricingResponse,
  type Demographics,
} from '@persona-lab/contracts';
import { type App, Errors, fieldError, packVector, problemResponses } from '@persona-lab/service-kit';
import type { FastifyRequest } from 'fastify';

import { AiError } from '../domain/ai-error.js';
import { withCost } from '../domain/pricing.js';
import type { CallContext } from '../providers/types.js';
import { callContext } from './call-context.js';

const docs = { tags: ['ai'], security: [{ serviceToken: [] }] };

/** A failed model call as problem+json: 503 when trying again later can help, 502 otherwise. */
function httpErrorOf(error: AiError) {
  const httpError = error.retryable ? new Errors.ServiceUnavailable(error.message) : new Errors.BadGateway(error.message);
  return Object.assign(httpError, {
    headers: { [AI_ERROR_KIND_HEADER]: error.kind, [AI_RETRYABLE_HEADER]: String(error.retryable) },
    ...(error.retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) } : {}),
  });
}

/** One operation, priced and recorded in the metrics under its name, whether it answers or fails (AiError, rethrown). */
async function recorded<T extends { metadata: AiMetadata }>(
  app: App,
  name: string,
  request: FastifyRequest,
  operation: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const answered = await operation();
    const result = { ...answered, metadata: withCost(answered.metadata, app.aiPrices) };
    app.recordAiCall({ operation: name, provider: result.metadata.provider, outcome: 'ok', seconds: seconds(), metadata: result.metadata });
    return result;
  } catch (error) {
    if (error instanceof AiError) {
      app.recordAiCall({ operation: name, provider: app.aiProviderName, outcome: error.kind, seconds: seconds() });
      request.log.warn(
        { operation: name, kind: error.kind, retryable: error.retryable, attempts: error.attempts },
        `AI operation failed: ${error.message}`,
      );
    }
    throw error;
  }
}

async function run<T extends { metadata: AiMetadata }>(
  app: App,
  name: string,
  request: FastifyRequest,
  operation: (context: CallContext) => Promise<T>,
): Promise<T> {
  try {
    return await recorded(app, name, request, () => operation(callContext(request)));
  } catch (error) {
    throw error instanceof AiError ? httpErrorOf(error) : error;
  }
}

/**
 * A feedback, and with it the embedding of its purchase statement when asked for: the embed operation
 * as a separate call would run it (same provider call and cache key, recorded as 'embed'), after the
 * answer is accepted. A failed embedding is reported in the answer; the feedback stands.
 */
async function feedbackWithEmbedding(
  app: App,
  body: AiGenerateFeedbackRequest,
  request: FastifyRequest,
): Promise<AiGenerateFeedbackResponse> {
  // The feedback's own request without the option: the offline provider draws from the request and
  // replays rely on the same answer, with or without the embedding.
  const { embedStatement, ...feedbackRequest } = body;
  const answer = await run(app, 'generateFeedback', request, (context) => app.ai.generateFeedback(feedbackRequest, context));
  if (!embedStatement) return answer;
  const context = callContext(request);
  try {
    const { embeddings, metadata } = await recorded(app, 'embed', request, () =>
      app.ai.embedStatement(answer.purchase_statement, embedStatement.timeoutMs, context, { fresh: !answer.metadata.cached }),
    );
    return { ...answer, statementEmbedding: { packedVector: packVector(embeddings[0]!), metadata } };
  } catch (error) {
    if (!(error instanceof AiError)) throw error;
    return { ...answer, statementEmbedding: { failure: { kind: error.kind, message: error.message.slice(0, 2_000) } } };
  }
}

function checkAgeRange(demographics: Partial<Demographics>): void {
  if (demographics.minAge !== undefined && demographics.maxAge !== undefined && demographics.minAge > demographics.maxAge) {
    throw fieldError('body/demographics/maxAge', 'must not be less than minAge');
  }
}

/** What the schema cannot say: a scale has at least two points; options differ beyond case and spacing. */
function checkQuestionForm(form: AiAnswerQuestionRequest['form']): void {
  if (form.kind === 'scale' && form.max <= form.min) throw fieldError('body/form/max', 'must be greater than min');
  if (form.kind === 'choice') {
    const keys = form.options.map((option) => option.trim().replace(/\s+/g, ' ').toLowerCase());
    if (new Set(keys).size !== keys.length) throw fieldError('body/form/options', 'must be distinct');
  }
}

export async function operationRoutes(app: App): Promise<void> {
  // Check the credential before the body is read or validated.
  app.addHook('onRequest', app.requireServiceToken);

  app.get(
    AI_GATEWAY_ROUTES.pricing,
    {
      schema: {
        ...docs,
        summary: 'The model of each use and its price per million tokens (null when unknown), for estimates',
        response: { 200: AiPricingResponse, ...problemResponses(401) },
      },
    },
    async () => app.aiPricing,
  );

  app.post(
    AI_GATEWAY_ROUTES.generatePersonas,
    {
      schema: {
        ...docs,
        summary: 'Generate 1–10 personas in one call from demographics and psychographics',
        body: AiGeneratePersonasRequest,
        response: { 200: AiGeneratePersonasResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => {
      checkAgeRange(request.body.demographics);
      return run(app, 'generatePersonas', request, (context) => app.ai.generatePersonas(request.body, context));
    },
  );

  app.post(
    AI_GATEWAY_ROUTES.generatePersonaWithName,
    {
      schema: {
        ...docs,
        summary: 'Generate one persona that carries the given name',
        body: AiGeneratePersonaWithNameRequest,
        response: { 200: AiGeneratePersonaResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => {
      checkAgeRange(request.body.demographics);
      return run(app, 'generatePersonaWithName', request, (context) => app.ai.generatePersonaWithName(request.body, context));
    },
  );

  app.post(
    AI_GATEWAY_ROUTES.generatePersonaDetails,
    {
      schema: {
        ...docs,
        summary: "Generate one persona's details; a variant number keeps a batch varied",
        body: AiGeneratePersonaDetailsRequest,
        response: { 200: AiGeneratePersonaResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => {
      checkAgeRange(request.body.demographics);
      return run(app, 'generatePersonaDetails', request, (context) => app.ai.generatePersonaDetails(request.body, context));
    },
  );

  app.post(
    AI_GATEWAY_ROUTES.generateFeedback,
    {
      schema: {
        ...docs,
        summary: "A persona's feedback on a product, in the requested language",
        description:
          'With `embedStatement`, the answer also carries `statementEmbedding`: the purchase statement embedded as the ' +
          'embed operation would (same model, stored in the same cache, read from it when the feedback came from the ' +
          'cache), within `timeoutMs`, or how that embedding failed. A failed embedding never fails the feedback. The ' +
          "vector comes as `packedVector`, its 64-bit floats, little-endian, in base64: a real model's 1,536 numbers " +
          'as JSON cost more to write and read than the rest of the answer.',
        body: AiGenerateFeedbackRequest,
        response: { 200: AiGenerateFeedbackResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => feedbackWithEmbedding(app, request.body, request),
  );

  app.post(
    AI_GATEWAY_ROUTES.aggregateThemes,
    {
      schema: {
        ...docs,
        summary: 'Group concerns into the 5–7 main themes with mention counts',
        body: AiAggregateThemesRequest,
        response: { 200: AiAggregateThemesResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => run(app, 'aggregateThemes', request, (context) => app.ai.aggregateThemes(request.body, context)),
  );

  app.post(
    AI_GATEWAY_ROUTES.embed,
    {
      schema: {
        ...docs,
        summary: 'Embed 1–64 texts with the configured embedding model',
        description:
          'One vector per text, in the order of the texts, all of one dimension. Network providers call the OpenAI-compatible ' +
          '`/embeddings` endpoint with AI_MODEL_EMBEDDINGS; the offline provider answers with a deterministic lexical embedding ' +
          '(hashed word unigrams and bigrams, 512 dimensions). Failures are classified like the chat operations.',
        body: AiEmbedRequest,
        response: { 200: AiEmbedResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => run(app, 'embed', request, (context) => app.ai.embed(request.body, context)),
  );

  app.post(
    AI_GATEWAY_ROUTES.answerQuestion,
    {
      schema: {
        ...docs,
        summary: "A persona's answer to a question asked of a session's panel: open, on a scale, or one of the options",
        body: AiAnswerQuestionRequest,
        response: { 200: AiAnswerQuestionResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => {
      checkQuestionForm(request.body.form);
      return run(app, 'answerQuestion', request, (context) => app.ai.answerQuestion(request.body, context));
    },
  );

  app.post(
    AI_GATEWAY_ROUTES.interviewTurn,
    {
      schema: {
        ...docs,
        summary: "One turn of a one-to-one interview: the persona's reply to the researcher's message, in character",
        body: AiInterviewTurnRequest,
        response: { 200: AiInterviewTurnResponse, ...problemResponses(400, 401, 502, 503) },
      },
    },
    async (request) => run(app, 'interviewTurn', request, (context) => app.ai.interviewTurn(request.body, context)),
  );
}
