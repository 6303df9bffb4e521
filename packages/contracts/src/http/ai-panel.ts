// The ai-gateway's panel operation: one persona answers a question asked after its feedback, in
// character, with its earlier feedback as context. Everything but the language code is user text
// or model output, and the gateway puts all of it inside data blocks.
import { type Static, Type } from 'typebox';

import { AiMetadata } from './ai-gateway.js';
import { QUESTION_MAX_LENGTH } from './questions.js';
import { StringEnum, Text } from './text.js';

const ScaleForm = Type.Object(
  {
    kind: Type.Literal('scale'),
    min: Type.Integer({ minimum: -10, maximum: 10 }),
    max: Type.Integer({ minimum: -9, maximum: 100 }),
    minLabel: Text(100),
    maxLabel: Text(100),
  },
  { additionalProperties: false },
);
const ChoiceForm = Type.Object(
  { kind: Type.Literal('choice'), options: Type.Array(Text(200), { minItems: 2, maxItems: 10, uniqueItems: true }) },
  { additionalProperties: false },
);
const OpenForm = Type.Object({ kind: Type.Literal('open') }, { additionalProperties: false });

export const AiQuestionForm = Type.Union([ScaleForm, ChoiceForm, OpenForm]);
export type AiQuestionForm = Static<typeof AiQuestionForm>;

export const AiAnswerQuestionRequest = Type.Object(
  {
    persona: Type.Object({ bio: Text(10_000), productAttitudes: Text(5_000) }, { additionalProperties: false }),
    /** What the persona said before about the product(s) the question concerns. */
    earlierFeedback: Type.Array(
      Type.Object(
        {
          productName: Text(200),
          feedback: Text(20_000),
          purchaseIntent: Type.Integer({ minimum: 1, maximum: 10 }),
          keyConcerns: Type.Array(Text(500), { maxItems: 20 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
    question: Text(QUESTION_MAX_LENGTH),
    form: AiQuestionForm,
    language: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 639-1 code of the answer, e.g. "en"' }),
  },
  { additionalProperties: false },
);
export type AiAnswerQuestionRequest = Static<typeof AiAnswerQuestionRequest>;

/** What a model's answer must contain; the operation also checks it against the question's form. */
export const GeneratedPanelAnswer = Type.Object({
  answer: Type.String({ minLength: 1, maxLength: 5_000 }),
  key_points: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 5 }),
  /** Scale questions: a point of the scale. */
  scale_value: Type.Optional(Type.Integer()),
  /** Choice questions: exactly one of the options, as written. */
  choice: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type GeneratedPanelAnswer = Static<typeof GeneratedPanelAnswer>;

export const AiAnswerQuestionResponse = Type.Object({
  answer: GeneratedPanelAnswer.properties.answer,
  key_points: GeneratedPanelAnswer.properties.key_points,
  scale_value: Type.Optional(Type.Integer()),
  choice: Type.Optional(Type.String()),
  metadata: AiMetadata,
});
export type AiAnswerQuestionResponse = Static<typeof AiAnswerQuestionResponse>;

export const INTERVIEW_MESSAGE_MAX_LENGTH = 2_000;

/** One turn of a one-to-one interview: what the researcher said, or what the persona answered. */
export const AiInterviewTurn = Type.Object(
  {
    role: StringEnum(['researcher', 'persona']),
    text: Text(5_000),
  },
  { additionalProperties: false },
);
export type AiInterviewTurn = Static<typeof AiInterviewTurn>;

export const AiInterviewTurnRequest = Type.Object(
  {
    persona: AiAnswerQuestionRequest.properties.persona,
    earlierFeedback: AiAnswerQuestionRequest.properties.earlierFeedback,
    /** The conversation so far, oldest first, already bounded by the caller. */
    history: Type.Array(AiInterviewTurn, { maxItems: 40 }),
    message: Text(INTERVIEW_MESSAGE_MAX_LENGTH),
    language: AiAnswerQuestionRequest.properties.language,
  },
  { additionalProperties: false },
);
export type AiInterviewTurnRequest = Static<typeof AiInterviewTurnRequest>;

export const GeneratedInterviewReply = Type.Object({ reply: Type.String({ minLength: 1, maxLength: 5_000 }) });
export type GeneratedInterviewReply = Static<typeof GeneratedInterviewReply>;

export const AiInterviewTurnResponse = Type.Object({ reply: GeneratedInterviewReply.properties.reply, metadata: AiMetadata });
export type AiInterviewTurnResponse = Static<typeof AiInterviewTurnResponse>;
