// The questions to the panel in a session's exports: one CSV/JSON row per answer beside the result
// rows, and a Markdown section per question. Questions, options, labels and answers are user or
// model text, so Markdown gets them through markdownText only.
import type { FeedbackSession, Interval, PanelQuestion, PersonaProfile } from '@persona-lab/contracts';

import { markdownText } from './export-markdown.js';

/** The question columns of an export row; null on the rows of feedback results. */
export interface QuestionColumns {
  questionId: string | null;
  question: string | null;
  answerScaleValue: number | null;
  answerChoice: string | null;
  answer: string | null;
}

export const NO_QUESTION: QuestionColumns = { questionId: null, question: null, answerScaleValue: null, answerChoice: null, answer: null };

/** One row per answer to the question, with the persona fields of the persona who gave it. */
export function answerRows(session: FeedbackSession, question: PanelQuestion, personas: ReadonlyMap<string, PersonaProfile>) {
  const productName = question.productId ? (session.products.find((p) => p.id === question.productId)?.name ?? '') : '';
  return question.answers.map((a) => {
    const persona = personas.get(a.personaId);
    return {
      sessionId: session.id,
      productId: question.productId ?? '',
      productName,
      personaId: a.personaId,
      personaName: a.personaName,
      personaGender: persona?.gender ?? null,
      personaAge: persona?.age ?? null,
      personaAgeGroup: persona?.ageGroup ?? null,
      personaCountry: persona?.country ?? null,
      personaRegion: persona?.region ?? null,
      personaIncomeLevel: persona?.incomeLevel ?? null,
      status: a.status,
      purchaseIntent: null,
      purchaseStatement: null,
      ssrP1: null,
      ssrP2: null,
      ssrP3: null,
      ssrP4: null,
      ssrP5: null,
      ssrExpectedRating: null,
      keyConcerns: a.keyPoints,
      feedback: null,
      failureReason: a.failureReason,
      questionId: question.id,
      question: question.text,
      answerScaleValue: a.scaleValue,
      answerChoice: a.choice,
      answer: a.answer,
    };
  });
}

const interval = (i: Interval, suffix = '') => `${i.estimate}${suffix} [${i.lower}, ${i.upper}]${i.smallSample ? ' ⚠' : ''}`;

function formLine(question: PanelQuestion): string {
  const { form } = question;
  if (form.kind === 'scale') {
    return `- Scale: ${form.min} (${markdownText(form.minLabel ?? '')}) to ${form.max} (${markdownText(form.maxLabel ?? '')})`;
  }
  if (form.kind === 'choice') return `- Choice of: ${form.options.map(markdownText).join(' · ')}`;
  return '- Open answer';
}

/** The Markdown section of the questions to the panel; nothing when there are none. */
export function questionsMarkdown(questions: readonly PanelQuestion[]): string[] {
  if (questions.length === 0) return [];
  const lines = ['## Questions to the panel', ''];
  questions.forEach((question, i) => {
    lines.push(`### Q${i + 1}. ${markdownText(question.text)}`, '', formLine(question));
    lines.push(
      `- Status: ${question.status}; ${question.progress.completed} answered, ${question.progress.failed} failed of ${question.progress.total}`,
    );
    const insights = question.insights;
    if (insights?.scale) lines.push(`- Mean: ${interval(insights.scale.interval)}`);
    for (const choice of insights?.choices ?? [])
      lines.push(`- ${markdownText(choice.option)}: ${interval(choice.interval, ' %')} (${choice.count})`);
    if (insights && insights.themes.length > 0) {
      lines.push(`- Themes: ${insights.themes.map((t) => `${markdownText(t.theme)} (${t.mentions})`).join(' · ')}`);
    }
    lines.push('', '**Answers**', '');
    for (const a of question.answers) {
      const value = a.scaleValue !== null ? `${a.scaleValue}: ` : a.choice !== null ? `${markdownText(a.choice)}: ` : '';
      const text = a.status === 'COMPLETED' ? `${value}${markdownText(a.answer ?? '')}` : `${a.status}`;
      lines.push(`- ${markdownText(a.personaName ?? a.personaId)}: ${text}`);
    }
    lines.push('');
  });
  return lines;
}
