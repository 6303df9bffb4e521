import type { PanelQuestion, QuestionInsights } from '@persona-lab/contracts';
import { screen, within } from '@testing-library/react';
import { expect, test } from 'vitest';

import { ids, interval } from '../../../test/fixtures';
import { renderWithApp } from '../../../test/render';
import { QuestionAnswers } from './question-answers';
import { QuestionInsightsView } from './question-insights';

const insights = (overrides: Partial<QuestionInsights>): QuestionInsights => ({
  answers: 3,
  completed: 3,
  failed: 0,
  themes: [],
  scale: null,
  choices: [],
  segments: [],
  warnings: [],
  simulated: false,
  ...overrides,
});

const question = (form: Partial<PanelQuestion['form']>, data: QuestionInsights): PanelQuestion => ({
  id: '00000000-0000-4000-8000-0000000000c1',
  sessionId: ids.study,
  text: 'Where would you buy it?',
  productId: null,
  form: { kind: 'choice', min: null, max: null, minLabel: null, maxLabel: null, options: [], ...form },
  status: 'COMPLETED',
  progress: { total: 3, completed: 3, failed: 0, pending: 0, cancelled: 0 },
  createdAt: '2026-12-01T10:10:00.000Z',
  completedAt: '2026-12-01T10:11:00.000Z',
  answers: [
    {
      id: '00000000-0000-4000-8000-0000000000d1',
      personaId: ids.ann,
      personaName: 'Ann Example',
      status: 'COMPLETED',
      answer: 'I buy shoes online.',
      scaleValue: null,
      choice: 'Online',
      keyPoints: ['convenience'],
      failureReason: null,
    },
  ],
  insights: data,
  failureReason: null,
});

test('a choice question: each option’s share with its 95 % interval, and per segment', () => {
  const choices = [
    { option: 'Online', count: 2, share: 66.7, interval: interval(66.7, 33.3, 100) },
    { option: 'In a shop', count: 1, share: 33.3, interval: interval(33.3, 0, 66.7) },
  ];
  const segments = [{ dimension: 'gender' as const, value: 'FEMALE', n: 2, mean: null, meanInterval: null, choices, smallSample: true }];
  renderWithApp(<QuestionInsightsView question={question({ options: ['Online', 'In a shop'] }, insights({ choices, segments }))} />);

  const table = screen.getByRole('table', { name: 'Answers to “Where would you buy it?”' });
  const rows = within(table)
    .getAllByRole('row')
    .map((row) => row.textContent?.replaceAll('\u00a0', ' '));
  expect(rows).toEqual(['OptionAnswersShare95 % interval', 'Online266.7 %33–100 %', 'In a shop133.3 %0–67 %']);
  const bySegment = screen.getByRole('table', { name: 'By segment' });
  expect(within(bySegment).getByRole('rowheader')).toHaveTextContent('Gender: FEMALE');
  expect(
    within(bySegment)
      .getAllByRole('cell')
      .map((c) => c.textContent?.replaceAll('\u00a0', ' ')),
  ).toEqual(['2 (small)', '66.7 %', '33.3 %']);
});

test('a scale question: the mean with its interval and every point', () => {
  const scale = {
    mean: 3.5,
    interval: interval(3.5, 3, 4),
    distribution: [1, 2, 3, 4, 5].map((value) => ({
      value,
      count: value === 3 || value === 4 ? 1 : 0,
      share: value === 3 || value === 4 ? 50 : 0,
    })),
  };
  renderWithApp(
    <QuestionInsightsView question={question({ kind: 'scale', min: 1, max: 5, minLabel: 'no', maxLabel: 'yes' }, insights({ scale }))} />,
  );
  expect(screen.getByText('3.50').parentElement).toHaveTextContent('Mean 3.50 on 1–5 3.0–4.0 (95 % interval)');
  const rows = within(screen.getByRole('table', { name: /Answers to/ })).getAllByRole('row');
  expect(rows).toHaveLength(6);
  expect(rows[3]).toHaveTextContent('3150 %');
});

test('an open question: its themes with mentions, and no distribution', () => {
  renderWithApp(
    <QuestionInsightsView
      question={question(
        { kind: 'open' },
        insights({
          themes: [
            { theme: 'Price', mentions: 2 },
            { theme: 'Fit', mentions: 1 },
          ],
        }),
      )}
    />,
  );
  expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Price2 mentions', 'Fit1 mention']);
  expect(screen.queryByRole('heading', { name: 'Distribution' })).not.toBeInTheDocument();
});

test('every answer opens an interview with its persona', () => {
  renderWithApp(<QuestionAnswers question={question({ options: ['Online', 'In a shop'] }, insights({}))} />);
  const row = screen.getByRole('row', { name: /Ann Example/ });
  expect(within(row).getByRole('cell', { name: 'Online' })).toBeInTheDocument();
  expect(within(row).getByRole('link', { name: 'Interview Ann Example' })).toHaveAttribute(
    'href',
    `/studies/${ids.study}/interviews/${ids.ann}`,
  );
});
