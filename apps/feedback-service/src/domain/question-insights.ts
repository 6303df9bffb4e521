// What the answers to one question to the panel add up to: for a scale, the mean with its 95 %
// bootstrap interval and the distribution over every point; for a choice, each option's share with
// its interval; for both, the same segment breakdown as the session's insights. Themes of open
// answers come from the gateway's theme aggregation (question-completion.ts). Failed answers are
// counted, never averaged in; the intervals are seeded by the question, so they never change.
import type { ChoiceShare, QuestionInsights, QuestionSegment, ScaleInsights, StoredQuestionForm } from '@persona-lab/contracts';
import { bootstrapMean, type BootstrapOptions, bootstrapProportion, isSmallSample, scalePoints } from '@persona-lab/statistics';

import { round, seedOf, segmentGroups, smallSampleWarnings, tidy, type WithSegmentFields } from './insights.js';

export interface AnswerForInsights extends WithSegmentFields {
  status: string;
  scaleValue: number | null;
  choice: string | null;
  keyPoints: string[];
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function scaleOf(values: number[], form: StoredQuestionForm, options: BootstrapOptions): ScaleInsights | null {
  if (values.length === 0 || form.min === null || form.max === null) return null;
  return {
    mean: round(mean(values), 2),
    interval: tidy(bootstrapMean(values, options)),
    distribution: scalePoints({ min: form.min, max: form.max }).map((value) => {
      const count = values.filter((v) => v === value).length;
      return { value, count, share: round((count / values.length) * 100, 1) };
    }),
  };
}

function choicesOf(choices: string[], form: StoredQuestionForm, options: BootstrapOptions): ChoiceShare[] {
  if (choices.length === 0) return [];
  return form.options.map((option) => {
    const picked = choices.map((choice) => choice === option);
    const count = picked.filter(Boolean).length;
    return { option, count, share: round((count / choices.length) * 100, 1), interval: tidy(bootstrapProportion(picked, options), 100) };
  });
}

const scaleValues = (answers: readonly AnswerForInsights[]) => answers.flatMap((a) => (a.scaleValue === null ? [] : [a.scaleValue]));
const choiceValues = (answers: readonly AnswerForInsights[]) => answers.flatMap((a) => (a.choice === null ? [] : [a.choice]));

function segmentsOf(completed: readonly AnswerForInsights[], form: StoredQuestionForm, options: BootstrapOptions): QuestionSegment[] {
  if (form.kind === 'open') return [];
  return segmentGroups(completed).map(({ dimension, value, group }) => {
    const scale = form.kind === 'scale' ? scaleOf(scaleValues(group), form, options) : null;
    return {
      dimension,
      value,
      n: group.length,
      mean: scale?.mean ?? null,
      meanInterval: scale?.interval ?? null,
      choices: form.kind === 'choice' ? choicesOf(choiceValues(group), form, options) : [],
      smallSample: isSmallSample(group.length),
    };
  });
}

/** Every key point of the completed answers, as the theme aggregation receives them. */
export function keyPointsOf(answers: readonly AnswerForInsights[]): string[] {
  return answers.filter((a) => a.status === 'COMPLETED').flatMap((a) => a.keyPoints);
}

/** The insights of a question, themes aside (the caller adds them). */
export function questionStats(
  questionId: string,
  form: StoredQuestionForm,
  answers: readonly AnswerForInsights[],
): Omit<QuestionInsights, 'themes' | 'simulated'> {
  const options: BootstrapOptions = { seed: seedOf(questionId) };
  const completed = answers.filter((a) => a.status === 'COMPLETED');
  return {
    answers: answers.length,
    completed: completed.length,
    failed: answers.filter((a) => a.status === 'FAILED').length,
    scale: form.kind === 'scale' ? scaleOf(scaleValues(completed), form, options) : null,
    choices: form.kind === 'choice' ? choicesOf(choiceValues(completed), form, options) : [],
    segments: segmentsOf(completed, form, options),
    warnings: smallSampleWarnings(completed.length),
  };
}
