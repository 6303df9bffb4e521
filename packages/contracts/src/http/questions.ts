// Questions to the panel of a finished feedback session: what a user asks, what every persona
// answered, and what the answers add up to.
import { type Static, Type } from 'typebox';

import { InsightWarning, Interval, QuestionProgress, ResultStatus, SegmentDimension, SessionProgress, ThemeCount } from './feedback.js';
import { Page, PageQuery } from './pagination.js';
import { Nullable, StringEnum, Text } from './text.js';

const Uuid = Type.String({ format: 'uuid' });

export const QUESTION_MAX_LENGTH = 1_000;
export const SCALE_MAX_POINTS = 101;

/**
 * How a persona answers: in its own words (open, the default), by a point of an integer scale with
 * labelled ends, or by exactly one of 2–10 options. One flat object, so a wrong form is reported
 * field by field (`body/form/options`); the fields of the other kinds are refused.
 */
export const QuestionForm = Type.Object(
  {
    kind: StringEnum(['open', 'scale', 'choice']),
    /** Scale only: the lowest and highest point (integers, min < max, at most 101 points). */
    min: Type.Optional(Type.Integer({ minimum: -10, maximum: 10 })),
    max: Type.Optional(Type.Integer({ minimum: -9, maximum: 100 })),
    minLabel: Type.Optional(Text(100, { description: 'Scale only: what the lowest point means, e.g. "not at all"' })),
    maxLabel: Type.Optional(Text(100, { description: 'Scale only: what the highest point means, e.g. "very much"' })),
    /** Choice only: 2–10 distinct options. */
    options: Type.Optional(Type.Array(Text(200), { minItems: 2, maxItems: 10, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type QuestionForm = Static<typeof QuestionForm>;

export const AskQuestionRequest = Type.Object(
  {
    text: Text(QUESTION_MAX_LENGTH),
    /** A product of the session the question is about; every product of the session when absent. */
    productId: Type.Optional(Uuid),
    /** Personas of the session to ask; every persona of the session when absent. */
    personaIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true })),
    form: Type.Optional(QuestionForm),
  },
  { additionalProperties: false },
);
export type AskQuestionRequest = Static<typeof AskQuestionRequest>;

export const QuestionStatus = QuestionProgress.properties.status;
export type QuestionStatus = Static<typeof QuestionStatus>;

export const AskQuestionResponse = Type.Object({
  questionId: Uuid,
  sessionId: Uuid,
  status: QuestionStatus,
  progress: SessionProgress,
});
export type AskQuestionResponse = Static<typeof AskQuestionResponse>;

/** The form as stored and shown: always complete for its kind. */
export const StoredQuestionForm = Type.Object({
  kind: QuestionForm.properties.kind,
  min: Nullable(Type.Integer()),
  max: Nullable(Type.Integer()),
  minLabel: Nullable(Type.String()),
  maxLabel: Nullable(Type.String()),
  options: Type.Array(Type.String()),
});
export type StoredQuestionForm = Static<typeof StoredQuestionForm>;

export const ScalePoint = Type.Object({
  value: Type.Integer(),
  count: Type.Integer(),
  share: Type.Number({ description: 'Percent of the completed answers' }),
});

export const ScaleInsights = Type.Object({
  mean: Type.Number(),
  interval: Interval,
  distribution: Type.Array(ScalePoint, { description: 'Every point of the scale, the lowest first' }),
});
export type ScaleInsights = Static<typeof ScaleInsights>;

export const ChoiceShare = Type.Object({
  option: Type.String(),
  count: Type.Integer(),
  share: Type.Number({ description: 'Percent of the completed answers' }),
  interval: Interval,
});
export type ChoiceShare = Static<typeof ChoiceShare>;

export const QuestionSegment = Type.Object({
  dimension: SegmentDimension,
  value: Type.String({ description: 'The stored persona field; "unknown" when it is empty' }),
  n: Type.Integer({ description: 'Completed answers in the segment' }),
  /** Scale questions: the segment's mean and its interval. */
  mean: Nullable(Type.Number()),
  meanInterval: Nullable(Interval),
  /** Choice questions: each option's share in the segment, with its interval. */
  choices: Type.Array(ChoiceShare),
  smallSample: Type.Boolean(),
});
export type QuestionSegment = Static<typeof QuestionSegment>;

export const QuestionInsights = Type.Object({
  answers: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  /** Open questions: the themes of the answers' key points, with mentions. */
  themes: Type.Array(ThemeCount),
  scale: Nullable(ScaleInsights),
  choices: Type.Array(ChoiceShare, { description: 'Choice questions: every option, in the order asked' }),
  segments: Type.Array(QuestionSegment),
  warnings: Type.Array(InsightWarning),
  simulated: Type.Boolean({ description: 'True when any answer or theme came from the offline provider' }),
});
export type QuestionInsights = Static<typeof QuestionInsights>;

export const QuestionAnswer = Type.Object({
  id: Uuid,
  personaId: Uuid,
  personaName: Nullable(Type.String()),
  status: ResultStatus,
  /** The persona's words, in the session's language. */
  answer: Nullable(Type.String()),
  scaleValue: Nullable(Type.Integer()),
  choice: Nullable(Type.String()),
  keyPoints: Type.Array(Type.String()),
  failureReason: Nullable(Type.String()),
});
export type QuestionAnswer = Static<typeof QuestionAnswer>;

export const PanelQuestionSummary = Type.Object({
  id: Uuid,
  sessionId: Uuid,
  text: Type.String(),
  productId: Nullable(Uuid),
  form: StoredQuestionForm,
  status: QuestionStatus,
  progress: SessionProgress,
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type PanelQuestionSummary = Static<typeof PanelQuestionSummary>;

export const PanelQuestion = Type.Object({
  ...PanelQuestionSummary.properties,
  answers: Type.Array(QuestionAnswer),
  insights: Nullable(QuestionInsights),
  failureReason: Nullable(Type.String()),
});
export type PanelQuestion = Static<typeof PanelQuestion>;

export const PanelQuestionParams = Type.Object({ id: Uuid, questionId: Uuid });
export const PanelQuestionListQuery = PageQuery;
export const PanelQuestionPage = Page(PanelQuestionSummary);
export type PanelQuestionPage = Static<typeof PanelQuestionPage>;
