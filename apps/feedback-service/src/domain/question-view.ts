// The one place where stored questions to the panel and their answers become the contract shapes.
import type {
  PanelQuestion,
  PanelQuestionSummary,
  QuestionAnswer,
  QuestionInsights,
  QuestionProgress,
  StoredQuestionForm,
} from '@persona-lab/contracts';
import type { PanelAnswerModel, PanelQuestionModel, PrismaClient } from '@persona-lab/db';

import { progressOf, type StatusCounts } from './session-view.js';

/** Answer counts by status for each of the given questions, in one query. */
export async function countAnswers(db: PrismaClient, questionIds: string[]): Promise<Map<string, StatusCounts>> {
  const groups = await db.panelAnswer.groupBy({
    by: ['questionId', 'status'],
    where: { questionId: { in: questionIds } },
    _count: { _all: true },
  });
  const byQuestion = new Map<string, StatusCounts>();
  for (const group of groups) {
    const counts = byQuestion.get(group.questionId) ?? {};
    counts[group.status] = group._count._all;
    byQuestion.set(group.questionId, counts);
  }
  return byQuestion;
}

export function formOf(question: PanelQuestionModel): StoredQuestionForm {
  return {
    kind: question.kind === 'SCALE' ? 'scale' : question.kind === 'CHOICE' ? 'choice' : 'open',
    min: question.scaleMin,
    max: question.scaleMax,
    minLabel: question.minLabel,
    maxLabel: question.maxLabel,
    options: question.options,
  };
}

export function toQuestionProgress(question: PanelQuestionModel, counts: StatusCounts): QuestionProgress {
  return { questionId: question.id, status: question.status, progress: progressOf(question.totalAnswers, counts) };
}

export function toQuestionSummary(question: PanelQuestionModel, counts: StatusCounts): PanelQuestionSummary {
  return {
    id: question.id,
    sessionId: question.sessionId,
    text: question.text,
    productId: question.productId,
    form: formOf(question),
    status: question.status,
    progress: progressOf(question.totalAnswers, counts),
    createdAt: question.createdAt.toISOString(),
    completedAt: question.completedAt?.toISOString() ?? null,
  };
}

export type AnswerRow = PanelAnswerModel & { persona: { name: string | null } };

export function toAnswer(row: AnswerRow): QuestionAnswer {
  return {
    id: row.id,
    personaId: row.personaId,
    personaName: row.persona.name,
    status: row.status,
    answer: row.answer,
    scaleValue: row.scaleValue,
    choice: row.choice,
    keyPoints: row.keyPoints,
    failureReason: row.failureReason,
  };
}

export function toQuestion(question: PanelQuestionModel, answers: AnswerRow[], counts: StatusCounts): PanelQuestion {
  return {
    ...toQuestionSummary(question, counts),
    answers: answers.map(toAnswer),
    insights: (question.insights as QuestionInsights | null) ?? null,
    failureReason: question.failureReason,
  };
}
