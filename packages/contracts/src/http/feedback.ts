import { type Static, Type } from 'typebox';

import { Page, PageQuery } from './pagination.js';
import { TargetAudience } from './personas.js';
import { Nullable } from './text.js';

const Uuid = Type.String({ format: 'uuid' });

/**
 * Start a session: products plus either explicit persona ids, or a target audience and a persona
 * count (personas are found or generated on the way). Exactly one of the two modes.
 */
export const StartFeedbackSessionRequest = Type.Object(
  {
    productIds: Type.Array(Uuid, { minItems: 1, maxItems: 10, uniqueItems: true }),
    language: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 639-1 code of the feedback text, e.g. "en"' }),
    personaIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true })),
    audience: Type.Optional(TargetAudience),
    personaCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type StartFeedbackSessionRequest = Static<typeof StartFeedbackSessionRequest>;

export const SessionStatus = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('IN_PROGRESS'),
  Type.Literal('COMPLETED'),
  Type.Literal('FAILED'),
  Type.Literal('CANCELLED'),
]);
export type SessionStatus = Static<typeof SessionStatus>;

export const ResultStatus = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('IN_PROGRESS'),
  Type.Literal('COMPLETED'),
  Type.Literal('FAILED'),
  Type.Literal('CANCELLED'),
]);
export type ResultStatus = Static<typeof ResultStatus>;

export const SessionProgress = Type.Object({
  total: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  pending: Type.Integer({ description: 'Not finished yet: waiting, queued or in progress' }),
  cancelled: Type.Integer(),
});
export type SessionProgress = Static<typeof SessionProgress>;

export const ThemeCount = Type.Object({ theme: Type.String(), mentions: Type.Integer() });

export const IntentInsights = Type.Object({
  results: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  averagePurchaseIntent: Nullable(Type.Number()),
  likelyBuyerPercentage: Nullable(Type.Number({ description: 'Share of completed results with intent >= 7, in percent' })),
  intentDistribution: Type.Array(Type.Integer(), { minItems: 10, maxItems: 10, description: 'Counts of intents 1..10' }),
  keyThemes: Type.Array(ThemeCount),
});
export type IntentInsights = Static<typeof IntentInsights>;

export const SessionInsights = Type.Object({
  overall: IntentInsights,
  products: Type.Array(Type.Object({ productId: Uuid, productName: Type.String(), ...IntentInsights.properties })),
  simulated: Type.Boolean({ description: 'True when any answer came from the offline provider' }),
});
export type SessionInsights = Static<typeof SessionInsights>;

export const FeedbackResult = Type.Object({
  id: Uuid,
  productId: Uuid,
  personaId: Uuid,
  personaName: Nullable(Type.String()),
  status: ResultStatus,
  feedback: Nullable(Type.String()),
  purchaseIntent: Nullable(Type.Integer()),
  keyConcerns: Type.Array(Type.String()),
  failureReason: Nullable(Type.String()),
});
export type FeedbackResult = Static<typeof FeedbackResult>;

export const FeedbackSessionSummary = Type.Object({
  id: Uuid,
  status: SessionStatus,
  language: Type.String(),
  products: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  progress: SessionProgress,
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type FeedbackSessionSummary = Static<typeof FeedbackSessionSummary>;

export const FeedbackSession = Type.Object({
  ...FeedbackSessionSummary.properties,
  results: Type.Array(FeedbackResult),
  insights: Nullable(SessionInsights),
  failureReason: Nullable(Type.String()),
});
export type FeedbackSession = Static<typeof FeedbackSession>;

export const StartFeedbackSessionResponse = Type.Object({
  sessionId: Uuid,
  status: SessionStatus,
  progress: SessionProgress,
});
export type StartFeedbackSessionResponse = Static<typeof StartFeedbackSessionResponse>;

export const FeedbackSessionParams = Type.Object({ id: Uuid });
export const FeedbackSessionListQuery = PageQuery;
export const FeedbackSessionPage = Page(FeedbackSessionSummary);

/** One Server-Sent Event of the live progress stream (`event: progress`). */
export const SessionProgressEvent = Type.Object({
  sessionId: Uuid,
  status: SessionStatus,
  progress: SessionProgress,
});
export type SessionProgressEvent = Static<typeof SessionProgressEvent>;

export const ExportFormat = Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('md')]);
export const ExportQuery = Type.Object({ format: ExportFormat });
