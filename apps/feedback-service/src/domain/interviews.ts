// One-to-one interviews with a persona of a completed session: the researcher's message goes to the
// gateway with the persona, its earlier feedback and the latest turns (at most 20, within a budget
// of characters), the reply comes back synchronously, and the message and reply are stored together.
import {
  type AiInterviewTurnRequest,
  type Interview,
  INTERVIEW_HISTORY_CHARS,
  INTERVIEW_HISTORY_TURNS,
  type InterviewReply,
  type InterviewTurn,
} from '@persona-lab/contracts';
import type { InterviewTurnModel, PrismaClient } from '@persona-lab/db';
import {
  Errors,
  recordModelCall,
  releaseLlmCalls,
  type RequestContext,
  requireActiveUser,
  reserveLlmCalls,
} from '@persona-lab/service-kit';

import type { FeedbackDeps } from './deps.js';
import { earlierFeedbackOf } from './persona-context.js';
import { SESSION_NOT_FOUND } from './sessions.js';

// The bounds of the context are the contracts', so the console can show them.
export { INTERVIEW_HISTORY_CHARS, INTERVIEW_HISTORY_TURNS };

const PERSONA_NOT_IN_SESSION = 'Persona not found in this session';

function toTurn(row: InterviewTurnModel): InterviewTurn {
  return { id: row.id, role: row.role === 'RESEARCHER' ? 'researcher' : 'persona', text: row.text, createdAt: row.createdAt.toISOString() };
}

async function requireSessionPersona(db: PrismaClient, ownerId: string, sessionId: string, personaId: string) {
  const session = await db.feedbackSession.findFirst({ where: { id: sessionId, ownerId }, select: { status: true, language: true } });
  if (!session) throw new Errors.NotFound(SESSION_NOT_FOUND);
  const result = await db.feedbackResult.findFirst({ where: { sessionId, personaId }, include: { persona: true } });
  if (!result) throw new Errors.NotFound(PERSONA_NOT_IN_SESSION);
  return { session, persona: result.persona };
}

/** The latest turns, oldest first, bounded by count and by characters. */
export async function historyFor(db: PrismaClient, sessionId: string, personaId: string): Promise<AiInterviewTurnRequest['history']> {
  const latest = await db.interviewTurn.findMany({
    where: { sessionId, personaId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: INTERVIEW_HISTORY_TURNS,
  });
  const kept: InterviewTurnModel[] = [];
  let chars = 0;
  for (const turn of latest) {
    chars += turn.text.length;
    if (chars > INTERVIEW_HISTORY_CHARS) break;
    kept.push(turn);
  }
  return kept.reverse().map((turn) => ({ role: turn.role === 'RESEARCHER' ? 'researcher' : 'persona', text: turn.text.slice(0, 5_000) }));
}

export async function sendInterviewMessage(
  deps: FeedbackDeps,
  ownerId: string,
  sessionId: string,
  personaId: string,
  text: string,
  { requestId, log }: RequestContext,
): Promise<InterviewReply> {
  const { db } = deps;
  await requireActiveUser(db, ownerId);
  const { session, persona } = await requireSessionPersona(db, ownerId, sessionId, personaId);
  if (session.status !== 'COMPLETED') {
    throw new Errors.Conflict(
      `The session is ${session.status.toLowerCase().replace('_', ' ')}; interview its personas once it has completed`,
    );
  }
  if (persona.status !== 'ACTIVE' || persona.deletedAt || !persona.detailedBio || !persona.productAttitudes) {
    throw new Errors.Conflict('This persona is no longer available for an interview');
  }

  const reservation = await reserveLlmCalls(db, ownerId, 1, deps.quotas.llmCallsPerDay);
  const message = text.trim();
  let answer: Awaited<ReturnType<FeedbackDeps['ai']['interviewTurn']>>;
  try {
    answer = await deps.ai.interviewTurn(
      {
        persona: { bio: persona.detailedBio, productAttitudes: persona.productAttitudes },
        earlierFeedback: await earlierFeedbackOf(db, sessionId, personaId, null),
        history: await historyFor(db, sessionId, personaId),
        message,
        language: session.language,
      },
      requestId,
    );
  } catch (error) {
    await releaseLlmCalls(db, reservation);
    const classified = deps.ai.classify(error);
    log.warn({ sessionId, personaId, reason: classified.message }, 'interview turn failed');
    // Nothing was stored: the researcher can send the same message again.
    throw classified.retryable
      ? new Errors.ServiceUnavailable('The persona could not answer just now; send the message again shortly')
      : new Errors.BadGateway('The persona could not answer this message');
  }

  await recordModelCall(db, { userId: ownerId, sessionId, personaId, kind: 'INTERVIEW' }, answer.call);
  // The message and its reply are stored together, in order, only once the reply is in.
  const now = Date.now();
  const [stored, reply] = await db.$transaction([
    db.interviewTurn.create({ data: { sessionId, personaId, role: 'RESEARCHER', text: message, createdAt: new Date(now) } }),
    db.interviewTurn.create({ data: { sessionId, personaId, role: 'PERSONA', text: answer.reply, createdAt: new Date(now + 1) } }),
  ]);
  log.info({ sessionId, personaId }, 'interview turn answered');
  return { message: toTurn(stored), reply: toTurn(reply), simulated: answer.simulated };
}

export async function getInterview(db: PrismaClient, ownerId: string, sessionId: string, personaId: string): Promise<Interview> {
  const { persona } = await requireSessionPersona(db, ownerId, sessionId, personaId);
  const turns = await db.interviewTurn.findMany({ where: { sessionId, personaId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return { sessionId, personaId, personaName: persona.name, turns: turns.map(toTurn) };
}
