// The ai-gateway's internal operations: what services send, what they get back, and the shape
// every model answer must have before the gateway accepts it.
import { type Static, Type } from 'typebox';

import { Demographics, Psychographics } from './personas.js';
import { CurrencyCode } from './products.js';
import { Nullable, StringEnum, Text } from './text.js';

const TextList = (maxItems: number, maxLength = 100) => Type.Array(Text(maxLength), { maxItems });

/**
 * A study's seed: passed to providers that accept one (OpenAI's `seed`), mixed into the offline
 * provider's randomness, and part of the response cache's key. PostgreSQL `integer` range.
 */
export const Seed = Type.Integer({
  minimum: 0,
  maximum: 2_147_483_647,
  description: 'Seed of the sampling; the same seed asks for the same answer',
});
export type Seed = Static<typeof Seed>;

// ---------------------------------------------------------------------------------------------
// Requests: personas are described with the same demographics and psychographics as persona-service's
// ---------------------------------------------------------------------------------------------

const personaSource = {
  demographics: Demographics,
  psychographics: Type.Optional(Psychographics),
};

export const AiGeneratePersonasRequest = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: 10 }), ...personaSource },
  { additionalProperties: false },
);
export type AiGeneratePersonasRequest = Static<typeof AiGeneratePersonasRequest>;

export const AiGeneratePersonaWithNameRequest = Type.Object({ name: Text(200), ...personaSource }, { additionalProperties: false });
export type AiGeneratePersonaWithNameRequest = Static<typeof AiGeneratePersonaWithNameRequest>;

export const AiGeneratePersonaDetailsRequest = Type.Object(
  {
    ...personaSource,
    variantNumber: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100_000, description: 'Makes otherwise identical requests come out different' }),
    ),
  },
  { additionalProperties: false },
);
export type AiGeneratePersonaDetailsRequest = Static<typeof AiGeneratePersonaDetailsRequest>;

/** Same rule as a product's price: non-negative, at most two decimals. */
const Price = Type.Union([
  Type.String({ pattern: '^(0|[1-9]\\d{0,9})(\\.\\d{1,2})?$', maxLength: 13 }),
  Type.Number({ minimum: 0, maximum: 9_999_999_999.99 }),
]);

/** The longest a feedback's statement embedding may be given (`embedStatement.timeoutMs`). */
export const STATEMENT_EMBED_MAX_TIMEOUT_MS = 120_000;

export const AiGenerateFeedbackRequest = Type.Object(
  {
    persona: Type.Object({ bio: Text(10_000), productAttitudes: Text(5_000) }, { additionalProperties: false }),
    product: Type.Object(
      {
        name: Text(200),
        description: Text(5_000),
        price: Price,
        currency: CurrencyCode,
        category: Text(100),
        keyFeatures: TextList(30, 200),
      },
      { additionalProperties: false },
    ),
    language: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 639-1 code of the feedback, e.g. "en"' }),
    seed: Type.Optional(Seed),
    embedStatement: Type.Optional(
      Type.Object(
        {
          timeoutMs: Type.Integer({
            minimum: 100,
            maximum: STATEMENT_EMBED_MAX_TIMEOUT_MS,
            description: 'How long the embedding may take, from the accepted answer; past it the response says timeout',
          }),
        },
        {
          additionalProperties: false,
          description:
            "Also embed the answer's purchase statement, as the embed operation would (same model, same cache), and " +
            'return it as `statementEmbedding`: one exchange per answer instead of two',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AiGenerateFeedbackRequest = Static<typeof AiGenerateFeedbackRequest>;

/** Texts to embed, e.g. a persona's purchase statement and the SSR anchor statements. */
export const AiEmbedRequest = Type.Object(
  { texts: Type.Array(Text(2_000), { minItems: 1, maxItems: 64 }) },
  { additionalProperties: false },
);
export type AiEmbedRequest = Static<typeof AiEmbedRequest>;

export const AiAggregateThemesRequest = Type.Object(
  { concerns: TextList(5_000, 500), seed: Type.Optional(Seed) },
  { additionalProperties: false },
);
export type AiAggregateThemesRequest = Static<typeof AiAggregateThemesRequest>;

// ---------------------------------------------------------------------------------------------
// Model output: what a model's answer must contain (after cleaning) to be accepted
// ---------------------------------------------------------------------------------------------

export const GeneratedPersona = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  detailed_bio: Type.String({ minLength: 1, maxLength: 20_000 }),
  product_attitudes: Type.String({ minLength: 1, maxLength: 10_000 }),
  gender: Type.Optional(Type.String({ maxLength: 32 })),
  age_group: Type.Optional(Type.String({ maxLength: 32 })),
  age: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  race: Type.Optional(Type.String({ maxLength: 100 })),
});
export type GeneratedPersona = Static<typeof GeneratedPersona>;

export const GeneratedPersonaList = Type.Array(GeneratedPersona, { minItems: 1, maxItems: 10 });
export type GeneratedPersonaList = Static<typeof GeneratedPersonaList>;

export const GeneratedFeedback = Type.Object({
  feedback: Type.String({ minLength: 1, maxLength: 20_000 }),
  purchase_intent: Type.Integer({ minimum: 1, maximum: 10 }),
  key_concerns: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 20 }),
  /** In the persona's words, how likely it is to buy: what semantic-similarity rating (SSR) rates. */
  purchase_statement: Type.String({ minLength: 1, maxLength: 1_000 }),
});
export type GeneratedFeedback = Static<typeof GeneratedFeedback>;

export const KeyTheme = Type.Object({
  theme: Type.String({ minLength: 1, maxLength: 200 }),
  mentions: Type.Integer({ minimum: 1 }),
});
export type KeyTheme = Static<typeof KeyTheme>;

/** 5–7 themes are asked for; fewer are accepted when there are fewer distinct concerns. */
export const KeyThemeList = Type.Array(KeyTheme, { maxItems: 7 });
export type KeyThemeList = Static<typeof KeyThemeList>;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** How a model call failed: the provider's answer, an answer that could not be accepted, too slow, or the caller left. */
export const AiErrorKind = StringEnum(['provider', 'validation', 'timeout', 'aborted']);
export type AiErrorKind = Static<typeof AiErrorKind>;

export const AiProviderName = StringEnum(['offline', 'openrouter', 'openai-compatible']);
export type AiProviderName = Static<typeof AiProviderName>;

export const TokenUsage = Type.Object({
  promptTokens: Type.Integer({ minimum: 0 }),
  completionTokens: Type.Integer({ minimum: 0 }),
  totalTokens: Type.Integer({ minimum: 0 }),
});
export type TokenUsage = Static<typeof TokenUsage>;

export const AiMetadata = Type.Object({
  provider: AiProviderName,
  model: Type.String(),
  attempts: Type.Integer({
    minimum: 0,
    description: 'Requests sent to the provider, retries and repairs included (0 when no call was needed)',
  }),
  simulated: Type.Boolean({ description: 'True when the offline provider produced the answer' }),
  usage: TokenUsage,
  costUsd: Type.Optional(
    Nullable(Type.Number({ minimum: 0 }), {
      description:
        "The call's cost in USD: the provider's figure when it reports one, else the gateway's price table (AI_MODEL_PRICES), " +
        '0 for the offline provider; null when neither knows the price (unknown, never 0). Absent only from an older gateway.',
    }),
  ),
  cached: Type.Optional(
    Type.Boolean({
      description:
        "True when the answer came from the gateway's response cache: no request was sent, and usage and cost are the original call's (nothing was spent now)",
    }),
  ),
});
export type AiMetadata = Static<typeof AiMetadata>;

export const AiGeneratePersonasResponse = Type.Object({ personas: GeneratedPersonaList, metadata: AiMetadata });
export type AiGeneratePersonasResponse = Static<typeof AiGeneratePersonasResponse>;

export const AiGeneratePersonaResponse = Type.Object({ persona: GeneratedPersona, metadata: AiMetadata });
export type AiGeneratePersonaResponse = Static<typeof AiGeneratePersonaResponse>;

const StatementEmbeddingFailure = Type.Object({
  failure: Type.Object({ kind: AiErrorKind, message: Type.String({ maxLength: 2_000 }) }),
});
/** Base64, as a packed vector is written (`PackedVector`, and the service kit's unpacking). */
export const BASE64_PATTERN = '^[A-Za-z0-9+/]+={0,2}$';
/**
 * A vector as one string: its 64-bit floats, little-endian, in base64 (`packVector` and `unpackVector`
 * of the service kit). A real model's 1,536 numbers as JSON cost more to write and read than the rest
 * of a feedback answer.
 */
export const PackedVector = Type.String({
  minLength: 12,
  pattern: BASE64_PATTERN,
  contentEncoding: 'base64',
  description: "The vector's 64-bit floats, little-endian, in base64",
});
const StatementEmbeddingVector = Type.Object({ packedVector: PackedVector, metadata: AiMetadata });

/**
 * The purchase statement's embedding asked for with a feedback (`embedStatement`): its vector and the
 * embedding call's own metadata, or how the embedding failed. A failed embedding does not fail the
 * feedback, which is answered and paid for either way.
 *
 * Told apart by the `failure` property (if/then/else) rather than an `anyOf`: the response serialiser
 * (fast-json-stringify) would validate each branch with Ajv, the whole vector and metadata included,
 * on every answer; the `if` is one property check. It accepts no value the `anyOf` refused.
 */
export const AiStatementEmbedding = Type.Unsafe<Static<typeof StatementEmbeddingFailure> | Static<typeof StatementEmbeddingVector>>({
  type: 'object',
  if: { type: 'object', required: ['failure'] },
  then: StatementEmbeddingFailure,
  else: StatementEmbeddingVector,
});
export type AiStatementEmbedding = Static<typeof AiStatementEmbedding>;

export const AiGenerateFeedbackResponse = Type.Object({
  feedback: GeneratedFeedback.properties.feedback,
  purchase_intent: GeneratedFeedback.properties.purchase_intent,
  key_concerns: GeneratedFeedback.properties.key_concerns,
  purchase_statement: GeneratedFeedback.properties.purchase_statement,
  metadata: AiMetadata,
  statementEmbedding: Type.Optional(AiStatementEmbedding),
});
export type AiGenerateFeedbackResponse = Static<typeof AiGenerateFeedbackResponse>;

export const AiEmbedResponse = Type.Object({
  /** One vector per text, in the order of the request; every vector has the same dimension. */
  embeddings: Type.Array(Type.Array(Type.Number()), { minItems: 1, maxItems: 64 }),
  metadata: AiMetadata,
});
export type AiEmbedResponse = Static<typeof AiEmbedResponse>;

export const AiAggregateThemesResponse = Type.Object({ themes: KeyThemeList, metadata: AiMetadata });
export type AiAggregateThemesResponse = Static<typeof AiAggregateThemesResponse>;

/** Price of one model per million tokens, in USD (AI_MODEL_PRICES of the gateway). */
export const ModelPrice = Type.Object(
  {
    inputPerMillionUsd: Type.Number({ minimum: 0 }),
    outputPerMillionUsd: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type ModelPrice = Static<typeof ModelPrice>;

/** The uses a caller plans calls for, as the gateway names its models. */
export const AiModelUse = StringEnum(['personas', 'feedback', 'themes', 'embeddings']);
export type AiModelUse = Static<typeof AiModelUse>;

/** What the gateway would use and charge, for estimates: the model of each use and its price (null when unknown). */
export const AiPricingResponse = Type.Object({
  provider: AiProviderName,
  models: Type.Array(
    Type.Object({
      use: AiModelUse,
      model: Type.String(),
      price: Nullable(ModelPrice),
    }),
  ),
});
export type AiPricingResponse = Static<typeof AiPricingResponse>;

/** The internal routes, one per operation; the gateway and its client both read them from here. */
export const AI_GATEWAY_ROUTES = {
  generatePersonas: '/v1/personas/generate',
  generatePersonaWithName: '/v1/personas/generate-with-name',
  generatePersonaDetails: '/v1/personas/generate-details',
  generateFeedback: '/v1/feedback/generate',
  aggregateThemes: '/v1/themes/aggregate',
  embed: '/v1/embeddings',
  answerQuestion: '/v1/panel/answer',
  interviewTurn: '/v1/panel/interview',
  pricing: '/v1/pricing',
} as const;

/** Response headers that tell a caller how a failed operation failed. */
export const AI_ERROR_KIND_HEADER = 'x-ai-error-kind';
export const AI_RETRYABLE_HEADER = 'x-ai-retryable';
