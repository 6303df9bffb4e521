import { type Static, Type } from 'typebox';

import { Seed } from './ai-gateway.js';
import { Page, PageQuery } from './pagination.js';
import { TargetAudience } from './personas.js';
import { SESSION_MAX_PERSONAS, SESSION_MAX_PRODUCTS } from './session-limits.js';
import { Nullable, StringEnum } from './text.js';
import { SessionBudget, UsageTotals } from './usage.js';

const Uuid = Type.String({ format: 'uuid' });

/**
 * Start a session: products plus either explicit persona ids, or a target audience and a persona
 * count (personas are found or generated on the way). Exactly one of the two modes.
 */
export const StartFeedbackSessionRequest = Type.Object(
  {
    productIds: Type.Array(Uuid, { minItems: 1, maxItems: SESSION_MAX_PRODUCTS, uniqueItems: true }),
    language: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 639-1 code of the feedback text, e.g. "en"' }),
    personaIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: SESSION_MAX_PERSONAS, uniqueItems: true })),
    audience: Type.Optional(TargetAudience),
    personaCount: Type.Optional(Type.Integer({ minimum: 1, maximum: SESSION_MAX_PERSONAS })),
    /** Seed of every model call of the session; drawn at random when absent. */
    seed: Type.Optional(Seed),
    maxCostUsd: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1_000_000,
        description: 'Budget in USD: once the stored cost reaches it, no more feedback calls are made and the rest is cancelled',
      }),
    ),
  },
  { additionalProperties: false },
);
export type StartFeedbackSessionRequest = Static<typeof StartFeedbackSessionRequest>;

export const SessionStatus = StringEnum(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED']);
export type SessionStatus = Static<typeof SessionStatus>;

export const ResultStatus = StringEnum(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED']);
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
export type ThemeCount = Static<typeof ThemeCount>;

/**
 * A percentile bootstrap interval (seeded, 2,000 resamples) of a statistic over the panel's answers. A
 * session's resamples draw personas: a persona's answers to every product move together.
 */
export const Interval = Type.Object(
  {
    estimate: Type.Number({ description: 'The statistic on the answers themselves' }),
    lower: Type.Number(),
    upper: Type.Number(),
    confidence: Type.Number({ description: '0.95' }),
    resamples: Type.Integer({
      description:
        'Resamples the interval is read from: 2,000, less any that drew no persona with an answer to this figure (small groups with failed answers)',
    }),
    n: Type.Integer({ description: 'Answers (pairs for a paired comparison)' }),
    smallSample: Type.Boolean({ description: 'Fewer than 30 answers: read the interval with care' }),
  },
  { description: 'Variation of the model’s answers over this panel, not a population sampling error' },
);
export type Interval = Static<typeof Interval>;

/** Semantic-similarity rating of the purchase statements on the five-point purchase-likelihood scale. */
export const SsrSummary = Type.Object({
  n: Type.Integer({ description: 'Completed answers with a rating' }),
  meanDistribution: Type.Array(Type.Number(), { minItems: 5, maxItems: 5, description: 'Mean probability of ratings 1..5' }),
  expectedRating: Type.Number({ description: 'Σ k·p_k of the mean distribution, 1..5' }),
  topTwoBox: Type.Number({ description: 'p4 + p5 of the mean distribution, in percent' }),
});
export type SsrSummary = Static<typeof SsrSummary>;

export const SpreadDiagnostics = Type.Object({
  sd: Nullable(Type.Number({ description: 'Sample SD of the direct intents' })),
  entropyBits: Type.Number({ description: 'Shannon entropy of the intent distribution over 1..10, in bits (max 3.32)' }),
  mostCommon: Type.Integer(),
  mostCommonShare: Type.Number({ description: '0..1' }),
  collapsed: Type.Boolean({ description: 'One answer holds more than half of the completed answers' }),
});
export type SpreadDiagnostics = Static<typeof SpreadDiagnostics>;

export const InsightWarningCode = StringEnum(['SMALL_SAMPLE', 'COLLAPSED_SPREAD', 'NO_SSR']);
export const InsightWarning = Type.Object({ code: InsightWarningCode, message: Type.String() });
export type InsightWarning = Static<typeof InsightWarning>;

/** The numbers of one group of answers, each with its interval (null when the group has no completed answer). */
export const IntervalSet = Type.Object({
  averagePurchaseIntent: Nullable(Interval, { description: 'Mean direct intent, 1..10' }),
  likelyBuyerShare: Nullable(Interval, { description: 'Completed answers with intent >= 7, in percent' }),
  ssrExpectedRating: Nullable(Interval, { description: 'Mean SSR expected rating, 1..5' }),
  ssrTopTwoBox: Nullable(Interval, { description: 'Mean of p4 + p5 of the SSR distributions, in percent' }),
});
export type IntervalSet = Static<typeof IntervalSet>;

export const SegmentDimension = StringEnum(['gender', 'ageGroup', 'country', 'incomeLevel']);
export type SegmentDimension = Static<typeof SegmentDimension>;

export const SegmentInsights = Type.Object({
  dimension: SegmentDimension,
  value: Type.String({ description: 'The stored persona field; "unknown" when it is empty' }),
  n: Type.Integer({ description: 'Completed answers in the segment' }),
  averagePurchaseIntent: Nullable(Type.Number()),
  likelyBuyerPercentage: Nullable(Type.Number()),
  ssrExpectedRating: Nullable(Type.Number()),
  intervals: IntervalSet,
  smallSample: Type.Boolean(),
});
export type SegmentInsights = Static<typeof SegmentInsights>;

export const IntentInsights = Type.Object({
  results: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  averagePurchaseIntent: Nullable(Type.Number()),
  likelyBuyerPercentage: Nullable(Type.Number({ description: 'Share of completed results with intent >= 7, in percent' })),
  intentDistribution: Type.Array(Type.Integer(), { minItems: 10, maxItems: 10, description: 'Counts of intents 1..10' }),
  keyThemes: Type.Array(ThemeCount),
  intervals: IntervalSet,
  ssr: Nullable(SsrSummary),
  spread: Nullable(SpreadDiagnostics),
  segments: Type.Array(SegmentInsights),
  warnings: Type.Array(InsightWarning),
});
export type IntentInsights = Static<typeof IntentInsights>;

export const PairedTest = Type.Object({
  name: Type.Literal('wilcoxon-signed-rank'),
  n: Type.Integer({ description: 'Pairs with a non-zero difference' }),
  zeros: Type.Integer(),
  statistic: Type.Number({ description: 'W = min(W+, W−)' }),
  z: Type.Number(),
  pValue: Type.Number(),
  method: StringEnum(['exact', 'normal']),
});

export const PairedVerdict = StringEnum(['A ahead', 'B ahead', 'no clear difference']);

export const PairedMeasure = Type.Object({
  difference: Interval,
  test: Nullable(PairedTest),
  verdict: PairedVerdict,
});

/** Two products rated by the same personas, compared pair by pair (A − B). */
export const ProductComparison = Type.Object({
  productA: Type.Object({ id: Uuid, name: Type.String() }),
  productB: Type.Object({ id: Uuid, name: Type.String() }),
  pairs: Type.Integer({ description: 'Personas with a completed answer for both products' }),
  purchaseIntent: Nullable(PairedMeasure),
  ssrExpectedRating: Nullable(PairedMeasure),
  smallSample: Type.Boolean(),
});
export type ProductComparison = Static<typeof ProductComparison>;

export const SessionInsights = Type.Object({
  overall: IntentInsights,
  products: Type.Array(Type.Object({ productId: Uuid, productName: Type.String(), ...IntentInsights.properties })),
  comparisons: Type.Array(ProductComparison),
  simulated: Type.Boolean({ description: 'True when any answer came from the offline provider' }),
});
export type SessionInsights = Static<typeof SessionInsights>;

/** The stored persona fields a researcher cross-tabulates by. */
export const PersonaProfile = Type.Object({
  gender: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  ageGroup: Nullable(Type.String()),
  country: Nullable(Type.String()),
  region: Nullable(Type.String()),
  incomeLevel: Nullable(Type.String()),
});
export type PersonaProfile = Static<typeof PersonaProfile>;

export const ResultSsr = Type.Object({
  distribution: Type.Array(Type.Number(), { minItems: 5, maxItems: 5, description: 'Probability of ratings 1..5' }),
  expectedRating: Type.Number({ description: '1..5' }),
});
export type ResultSsr = Static<typeof ResultSsr>;

export const FeedbackResult = Type.Object({
  id: Uuid,
  productId: Uuid,
  personaId: Uuid,
  personaName: Nullable(Type.String()),
  persona: PersonaProfile,
  status: ResultStatus,
  feedback: Nullable(Type.String()),
  purchaseIntent: Nullable(Type.Integer()),
  purchaseStatement: Nullable(Type.String()),
  ssr: Nullable(ResultSsr),
  keyConcerns: Type.Array(Type.String()),
  failureReason: Nullable(Type.String()),
  /** The result's own model calls (its feedback and embeddings). */
  usage: Type.Optional(UsageTotals),
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

/**
 * One session: its summary, insights, usage and budget. Its results are not in it (a session has up
 * to 20,000): read them by page from `GET /feedback-sessions/:id/results` or as a file from the export.
 */
export const FeedbackSession = Type.Object({
  ...FeedbackSessionSummary.properties,
  insights: Nullable(SessionInsights),
  failureReason: Nullable(Type.String()),
  /** Absent on sessions started before seeds existed. */
  seed: Type.Optional(Seed),
  /** The session this one replays, when it is a replay. */
  replayOf: Type.Optional(Uuid),
  /** Tokens and cost of every model call the session made, persona generation included. */
  usage: Type.Optional(UsageTotals),
  budget: Type.Optional(Nullable(SessionBudget)),
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

/** `GET /feedback-sessions/:id/results`: a page of the session's results, in the order they were created, filtered. */
export const FeedbackResultListQuery = Type.Object(
  {
    ...PageQuery.properties,
    productId: Type.Optional(Uuid),
    personaId: Type.Optional(Uuid),
    status: Type.Optional(ResultStatus),
    minIntent: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Only answers with at least this purchase intent' })),
    maxIntent: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Only answers with at most this purchase intent' })),
  },
  { additionalProperties: false },
);
export type FeedbackResultListQuery = Static<typeof FeedbackResultListQuery>;
export const FeedbackResultPage = Page(FeedbackResult);
export type FeedbackResultPage = Static<typeof FeedbackResultPage>;
export const FeedbackSessionPage = Page(FeedbackSessionSummary);

/** How far the answers to one question to the panel are (see questions.ts). */
export const QuestionProgress = Type.Object({
  questionId: Uuid,
  status: StringEnum(['IN_PROGRESS', 'COMPLETED', 'FAILED']),
  progress: SessionProgress,
});
export type QuestionProgress = Static<typeof QuestionProgress>;

/** One Server-Sent Event of the live progress stream (`event: progress`). */
export const SessionProgressEvent = Type.Object({
  sessionId: Uuid,
  status: SessionStatus,
  progress: SessionProgress,
  /** The session's latest questions to the panel; the stream runs until none of them is in progress. */
  questions: Type.Optional(Type.Array(QuestionProgress)),
});
export type SessionProgressEvent = Static<typeof SessionProgressEvent>;

export const ExportFormat = StringEnum(['csv', 'json', 'md']);
export const ExportQuery = Type.Object({ format: ExportFormat });
