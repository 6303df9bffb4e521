// Questions to the panel of a finished session: ask (reserve the model calls, store the question
// and one answer per persona, publish the tasks), list and read them.
import type { AskQuestionRequest, AskQuestionResponse, PageQuery, PanelQuestion, PanelQuestionPage } from '@persona-lab/contracts';
import { Prisma, type PrismaClient } from '@persona-lab/db';
import {
  Errors,
  fieldError,
  type LlmCallReservation,
  releaseLlmCalls,
  type RequestContext,
  requireActiveUser,
  reserveLlmCalls,
} from '@persona-lab/service-kit';

import type { FeedbackDeps } from './deps.js';
import { completeQuestionIfFinished } from './question-completion.js';
import { dispatchAnswers } from './question-dispatch.js';
import { countAnswers, toQuestion, toQuestionSummary } from './question-view.js';
import { progressOf } from './session-view.js';
import { SESSION_NOT_FOUND } from './sessions.js';

export const QUESTION_NOT_FOUND = 'Question not found';

type StoredForm = Pick<Prisma.PanelQuestionCreateInput, 'kind' | 'scaleMin' | 'scaleMax' | 'minLabel' | 'maxLabel' | 'options'>;

const sameText = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** The form as stored, after the checks the schema cannot make (each names the field it is about). */
export function storedFormOf(form: AskQuestionRequest['form']): StoredForm {
  const kind = form?.kind ?? 'open';
  const given = form ?? { kind };
  const foreign = (['min', 'max', 'minLabel', 'maxLabel', 'options'] as const).filter(
    (field) => given[field] !== undefined && (kind === 'scale' ? field === 'options' : kind === 'choice' ? field !== 'options' : true),
  );
  if (foreign.length > 0) throw fieldError(`body/form/${foreign[0]}`, `does not belong to a ${kind} question`);
  switch (kind) {
    case 'scale': {
      for (const field of ['min', 'max', 'minLabel', 'maxLabel'] as const) {
        if (given[field] === undefined) throw fieldError(`body/form/${field}`, 'is required for a scale');
      }
      if (given.max! <= given.min!) throw fieldError('body/form/max', 'must be greater than min: a scale has at least 2 points');
      return {
        kind: 'SCALE',
        scaleMin: given.min!,
        scaleMax: given.max!,
        minLabel: given.minLabel!,
        maxLabel: given.maxLabel!,
        options: [],
      };
    }
    case 'choice': {
      if (given.options === undefined) throw fieldError('body/form/options', 'is required for a choice');
      const keys = given.options.map(sameText);
      if (new Set(keys).size !== keys.length) throw fieldError('body/form/options', 'must be distinct (ignoring case and spacing)');
      return { kind: 'CHOICE', options: given.options.map((option) => option.trim()) };
    }
    default:
      return { kind: 'OPEN', options: [] };
  }
}

async function requireOwnedSession(db: PrismaClient, ownerId: string, sessionId: string) {
  const session = await db.feedbackSession.findFirst({ where: { id: sessionId, ownerId }, select: { id: true, status: true } });
  if (!session) throw new Errors.NotFound(SESSION_NOT_FOUND);
  return session;
}

/** The personas asked: the given ones, each of which must be of the session, or every persona of it. */
async function personasAsked(db: PrismaClient, sessionId: string, personaIds: string[] | undefined): Promise<string[]> {
  const rows = await db.feedbackResult.findMany({ where: { sessionId }, distinct: ['personaId'], select: { personaId: true } });
  const ofSession = new Set(rows.map((r) => r.personaId));
  if (personaIds === undefined) return [...ofSession].sort();
  const foreign = personaIds.findIndex((id) => !ofSession.has(id));
  if (foreign !== -1) throw fieldError(`body/personaIds/${foreign}`, 'is not a persona of the session');
  return personaIds;
}

async function requireSessionProduct(db: PrismaClient, sessionId: string, productId: string | undefined) {
  if (productId === undefined) return;
  const link = await db.feedbackSessionProduct.findUnique({ where: { sessionId_productId: { sessionId, productId } } });
  if (!link) throw fieldError('body/productId', 'is not a product of the session');
}

/** A model call per persona, and one theme aggregation for an open question. */
export const plannedQuestionCalls = (personas: number, kind: StoredForm['kind']) => personas + (kind === 'OPEN' ? 1 : 0);

export async function askQuestion(
  deps: FeedbackDeps,
  ownerId: string,
  sessionId: string,
  request: AskQuestionRequest,
  context: RequestContext,
): Promise<AskQuestionResponse> {
  const { db } = deps;
  await requireActiveUser(db, ownerId);
  const session = await requireOwnedSession(db, ownerId, sessionId);
  const form = storedFormOf(request.form);
  if (session.status !== 'COMPLETED') {
    throw new Errors.Conflict(`The session is ${session.status.toLowerCase().replace('_', ' ')}; ask its panel once it has completed`);
  }
  await requireSessionProduct(db, sessionId, request.productId);
  const personaIds = await personasAsked(db, sessionId, request.personaIds);

  const calls = plannedQuestionCalls(personaIds.length, form.kind);
  const reservation: LlmCallReservation = await reserveLlmCalls(db, ownerId, calls, deps.quotas.llmCallsPerDay);
  let questionId: string | undefined;
  try {
    const question = await db.panelQuestion.create({
      data: {
        session: { connect: { id: sessionId } },
        ...(request.productId ? { product: { connect: { id: request.productId } } } : {}),
        text: request.text.trim(),
        ...form,
        totalAnswers: personaIds.length,
        requestId: context.requestId,
        answers: { create: personaIds.map((personaId) => ({ personaId })) },
      },
      select: { id: true },
    });
    questionId = question.id;
    await dispatchAnswers(deps, questionId, context.requestId);
  } catch (error) {
    // Nothing was published (dispatch unmarks what it could not publish): undo the question and give the calls back.
    if (questionId) await db.panelQuestion.delete({ where: { id: questionId } }).catch(() => undefined);
    await releaseLlmCalls(db, reservation);
    context.log.error({ err: error, sessionId }, 'panel question could not be started');
    throw new Errors.ServiceUnavailable('The question could not be asked; nothing was kept, retry shortly');
  }
  // Answers of personas already gone were failed at dispatch; they may be all of them.
  await completeQuestionIfFinished(deps, questionId, context);
  await deps.announce(sessionId);
  context.log.info({ sessionId, questionId, personas: personaIds.length, kind: form.kind }, 'panel question asked');

  const [stored, counts] = await Promise.all([
    db.panelQuestion.findUniqueOrThrow({ where: { id: questionId } }),
    countAnswers(db, [questionId]),
  ]);
  return { questionId, sessionId, status: stored.status, progress: progressOf(stored.totalAnswers, counts.get(questionId) ?? {}) };
}

export async function listQuestions(
  db: PrismaClient,
  ownerId: string,
  sessionId: string,
  { page, pageSize }: PageQuery,
): Promise<PanelQuestionPage> {
  await requireOwnedSession(db, ownerId, sessionId);
  const where = { sessionId };
  const [total, questions] = await db.$transaction(
    [
      db.panelQuestion.count({ where }),
      db.panelQuestion.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  const counts = await countAnswers(
    db,
    questions.map((q) => q.id),
  );
  return { items: questions.map((q) => toQuestionSummary(q, counts.get(q.id) ?? {})), page, pageSize, total };
}

export async function getQuestion(db: PrismaClient, ownerId: string, sessionId: string, questionId: string): Promise<PanelQuestion> {
  await requireOwnedSession(db, ownerId, sessionId);
  const question = await db.panelQuestion.findFirst({ where: { id: questionId, sessionId } });
  if (!question) throw new Errors.NotFound(QUESTION_NOT_FOUND);
  const answers = await db.panelAnswer.findMany({
    where: { questionId },
    include: { persona: { select: { name: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const counts = (await countAnswers(db, [questionId])).get(questionId) ?? {};
  return toQuestion(question, answers, counts);
}

/**
 * Every question of a session with every answer, oldest first, one question at a time (exports):
 * only one question's answers are in memory at once.
 */
export async function* sessionQuestions(db: PrismaClient, sessionId: string): AsyncGenerator<PanelQuestion> {
  const questions = await db.panelQuestion.findMany({ where: { sessionId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  for (const question of questions) {
    const [answers, counts] = await Promise.all([
      db.panelAnswer.findMany({
        where: { questionId: question.id },
        include: { persona: { select: { name: true } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
      countAnswers(db, [question.id]),
    ]);
    yield toQuestion(question, answers, counts.get(question.id) ?? {});
  }
}

/** Every question of a session with every answer, oldest first (the Markdown report). */
export async function questionsOfSession(db: PrismaClient, sessionId: string): Promise<PanelQuestion[]> {
  const questions: PanelQuestion[] = [];
  for await (const question of sessionQuestions(db, sessionId)) questions.push(question);
  return questions;
}
