// One-to-one interviews with a persona of a finished session: a message in, the persona's reply
// back (synchronously), and the stored conversation.
import { type Static, Type } from 'typebox';

import { INTERVIEW_MESSAGE_MAX_LENGTH } from './ai-panel.js';
import { Nullable, StringEnum, Text } from './text.js';

const Uuid = Type.String({ format: 'uuid' });

/** The most earlier turns the persona is sent back as context on each new message (the oldest go first)… */
export const INTERVIEW_HISTORY_TURNS = 20;
/** …and the most characters they may hold together (about 4,000 tokens). */
export const INTERVIEW_HISTORY_CHARS = 16_000;

export const InterviewParams = Type.Object({ id: Uuid, personaId: Uuid });

export const InterviewMessageRequest = Type.Object({ text: Text(INTERVIEW_MESSAGE_MAX_LENGTH) }, { additionalProperties: false });
export type InterviewMessageRequest = Static<typeof InterviewMessageRequest>;

export const InterviewTurn = Type.Object({
  id: Uuid,
  role: StringEnum(['researcher', 'persona']),
  text: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type InterviewTurn = Static<typeof InterviewTurn>;

export const Interview = Type.Object({
  sessionId: Uuid,
  personaId: Uuid,
  personaName: Nullable(Type.String()),
  /** Every turn, oldest first. */
  turns: Type.Array(InterviewTurn),
});
export type Interview = Static<typeof Interview>;

export const InterviewReply = Type.Object({
  reply: InterviewTurn,
  /** The researcher's message as stored. */
  message: InterviewTurn,
  simulated: Type.Boolean({ description: 'True when the offline provider answered' }),
});
export type InterviewReply = Static<typeof InterviewReply>;
