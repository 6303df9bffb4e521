// What a study will cost (the estimate before it starts) and what it cost (after), as text.
import { costRangeText, type FeedbackSession, type FeedbackSessionEstimate, usageText } from '@persona-lab/contracts';

import { renderTable } from './table.js';

const KIND_LABELS = { persona: 'persona generation', feedback: 'feedback', embedding: 'embeddings (SSR)', themes: 'themes' } as const;

const span = ({ min, max }: { min: number; max: number }) =>
  min === max ? min.toLocaleString('en-US') : `${min.toLocaleString('en-US')}–${max.toLocaleString('en-US')}`;

export function renderEstimate(estimate: FeedbackSessionEstimate): string[] {
  const rows = estimate.lines.map((line) => [
    KIND_LABELS[line.kind],
    line.model,
    span(line.calls),
    span({ min: line.inputTokens.min + line.outputTokens.min, max: line.inputTokens.max + line.outputTokens.max }),
    costRangeText(line.costUsd),
  ]);
  const { total } = estimate;
  return [
    'Estimate (before starting):',
    ...renderTable([
      ['', 'model', 'calls', 'tokens', 'cost'],
      ...rows,
      [
        'total',
        '',
        span(total.calls),
        span({ min: total.inputTokens.min + total.outputTokens.min, max: total.inputTokens.max + total.outputTokens.max }),
        costRangeText(total.costUsd),
      ],
    ]),
  ];
}

/** The study's tokens and cost, and what its budget did. */
export function renderUsage(session: FeedbackSession): string[] {
  const lines: string[] = [];
  if (session.usage) lines.push(`Cost: ${usageText(session.usage)}`);
  if (session.budget) {
    lines.push(
      session.budget.reached
        ? `The budget of $${session.budget.maxCostUsd} stopped this study: ${session.progress.cancelled} results were cancelled.`
        : `Budget: $${session.budget.maxCostUsd} (not reached)`,
    );
  }
  return lines;
}
