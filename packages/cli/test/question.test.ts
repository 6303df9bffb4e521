// `persona-lab ask`: the flags become the request the API takes, and a question prints as a summary.
import type { PanelQuestion } from '@persona-lab/contracts';
import { describe, expect, test } from 'vitest';

import { UserError } from '../src/errors.js';
import { questionRequestFromFlags } from '../src/input/question.js';
import { renderQuestion } from '../src/render/question.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('question from flags', () => {
  test('is an open question without a form flag', () => {
    expect(questionRequestFromFlags('  Why? ', {})).toEqual({ text: 'Why?' });
  });

  test('takes a scale with its labels', () => {
    expect(questionRequestFromFlags('How much?', { scale: '1-5', minLabel: 'not at all', maxLabel: 'very' })).toEqual({
      text: 'How much?',
      form: { kind: 'scale', min: 1, max: 5, minLabel: 'not at all', maxLabel: 'very' },
    });
    expect(questionRequestFromFlags('How much?', { scale: '0..10' }).form).toEqual({
      kind: 'scale',
      min: 0,
      max: 10,
      minLabel: '0',
      maxLabel: '10',
    });
  });

  test('takes the choices and the personas and product asked', () => {
    const persona = '6f1c2a54-2222-4222-8222-222222222222';
    expect(questionRequestFromFlags('Which?', { choice: ['Red ', 'Blue'], personaId: [persona] })).toEqual({
      text: 'Which?',
      personaIds: [persona],
      form: { kind: 'choice', options: ['Red', 'Blue'] },
    });
  });

  test('refuses what the API would refuse, before any request', () => {
    expect(messageOf(() => questionRequestFromFlags('How?', { scale: '3-3' }))).toMatch(/at least two points/);
    expect(messageOf(() => questionRequestFromFlags('How?', { scale: 'five' }))).toMatch(/two whole numbers/);
    expect(messageOf(() => questionRequestFromFlags('Which?', { choice: ['Only'] }))).toMatch(/2 to 10 options/);
    expect(messageOf(() => questionRequestFromFlags('Which?', { choice: ['Yes', 'yes'] }))).toMatch(/must differ/);
    expect(messageOf(() => questionRequestFromFlags('x'.repeat(1_001), {}))).toMatch(/longer than 1000/);
    expect(messageOf(() => questionRequestFromFlags('Both?', { scale: '1-5', choice: ['a', 'b'] }))).toMatch(/cannot be combined/);
    expect(messageOf(() => questionRequestFromFlags('Labels?', { minLabel: 'low' }))).toMatch(/go with --scale/);
  });
});

const interval = (estimate: number, lower: number, upper: number) => ({
  estimate,
  lower,
  upper,
  confidence: 0.95,
  resamples: 2000,
  n: 4,
  smallSample: true,
});

const choiceQuestion: PanelQuestion = {
  id: '6f1c2a54-3333-4333-8333-333333333333',
  sessionId: '6f1c2a54-4444-4444-8444-444444444444',
  text: 'Which colour?',
  productId: null,
  form: { kind: 'choice', min: null, max: null, minLabel: null, maxLabel: null, options: ['Red', 'Blue'] },
  status: 'COMPLETED',
  progress: { total: 4, completed: 4, failed: 0, pending: 0, cancelled: 0 },
  createdAt: '2026-12-01T00:00:00.000Z',
  completedAt: '2026-12-01T00:01:00.000Z',
  answers: [],
  failureReason: null,
  insights: {
    answers: 4,
    completed: 4,
    failed: 0,
    themes: [],
    scale: null,
    choices: [
      { option: 'Red', count: 1, share: 25, interval: interval(25, 0, 75) },
      { option: 'Blue', count: 3, share: 75, interval: interval(75, 25, 100) },
    ],
    segments: [
      {
        dimension: 'gender',
        value: 'FEMALE',
        n: 2,
        mean: null,
        meanInterval: null,
        choices: [
          { option: 'Red', count: 0, share: 0, interval: interval(0, 0, 0) },
          { option: 'Blue', count: 2, share: 100, interval: interval(100, 100, 100) },
        ],
        smallSample: true,
      },
    ],
    warnings: [{ code: 'SMALL_SAMPLE', message: 'Only 4 completed answers (fewer than 30).' }],
    simulated: false,
  },
};

describe('the printed summary of a question', () => {
  test('shows each option with its share and interval, the segments and the warnings', () => {
    const lines = renderQuestion(choiceQuestion);
    expect(lines).toContain('"Which colour?"');
    expect(lines).toContain('4 of 4 personas answered');
    expect(lines.find((line) => line.startsWith('Blue'))).toMatch(/^Blue\s+75 %\s+25–100 %\s+3$/);
    expect(lines.find((line) => line.startsWith('gender: FEMALE'))).toMatch(/2\s+Blue 100 % ⚠$/);
    expect(lines.at(-1)).toBe('⚠ Only 4 completed answers (fewer than 30).');
  });

  test('shows the mean of a scale with its interval and a bar per point', () => {
    const lines = renderQuestion({
      ...choiceQuestion,
      form: { kind: 'scale', min: 1, max: 3, minLabel: 'low', maxLabel: 'high', options: [] },
      insights: {
        ...choiceQuestion.insights!,
        choices: [],
        segments: [],
        warnings: [],
        scale: {
          mean: 2.5,
          interval: interval(2.5, 2, 3),
          distribution: [
            { value: 1, count: 0, share: 0 },
            { value: 2, count: 2, share: 50 },
            { value: 3, count: 2, share: 50 },
          ],
        },
      },
    });
    expect(lines).toContain('Scale 1 (low) to 3 (high)');
    expect(lines).toContain('Mean 2.50 (95 % interval 2.00–3.00)');
    expect(lines).toContain(`2   ${'█'.repeat(10)} 2`);
  });
});
