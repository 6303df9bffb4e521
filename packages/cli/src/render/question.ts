// The printed summary of a question to the panel: its form, how many answered, and what the answers
// add up to (themes; mean and distribution of a scale; shares of a choice; segments).
import type { PanelQuestion, QuestionInsights } from '@persona-lab/contracts';

import { formatBounds, formatNumber } from './format.js';
import { renderTable, truncate } from './table.js';

const BAR_WIDTH = 20;
const bar = (share: number) => '█'.repeat(Math.round((share / 100) * BAR_WIDTH));

function formLine(question: PanelQuestion): string {
  const { form } = question;
  if (form.kind === 'scale') return `Scale ${form.min} (${form.minLabel}) to ${form.max} (${form.maxLabel})`;
  if (form.kind === 'choice') return `Single choice of ${form.options.length}: ${form.options.join(' | ')}`;
  return 'Open answer';
}

function scaleLines(insights: QuestionInsights): string[] {
  const scale = insights.scale!;
  return [
    `Mean ${formatNumber(scale.mean)} (95 % interval ${formatBounds(scale.interval)})`,
    ...renderTable(scale.distribution.map((point) => [String(point.value), `${bar(point.share)} ${point.count}`])),
  ];
}

function choiceLines(insights: QuestionInsights): string[] {
  return renderTable([
    ['option', 'share', '95 % interval', 'answers'],
    ...insights.choices.map((c) => [
      truncate(c.option, 40),
      `${Math.round(c.share)} %`,
      formatBounds(c.interval, 'percent'),
      String(c.count),
    ]),
  ]);
}

function segmentLines(question: PanelQuestion, insights: QuestionInsights): string[] {
  if (insights.segments.length === 0) return [];
  const rows = insights.segments.map((s) => {
    const figure =
      question.form.kind === 'scale'
        ? `${formatNumber(s.mean)} (${formatBounds(s.meanInterval)})`
        : (() => {
            const top = [...s.choices].sort((a, b) => b.count - a.count)[0];
            return top ? `${truncate(top.option, 30)} ${Math.round(top.share)} %` : '–';
          })();
    return [`${s.dimension}: ${truncate(s.value, 24)}`, String(s.n), `${figure}${s.smallSample ? ' ⚠' : ''}`];
  });
  return ['', 'By segment', ...renderTable([['segment', 'n', question.form.kind === 'scale' ? 'mean' : 'most chosen'], ...rows])];
}

export function renderQuestion(question: PanelQuestion): string[] {
  const lines = [`Question ${question.id}: ${question.status}`, `"${question.text}"`, formLine(question)];
  const { progress } = question;
  lines.push(`${progress.completed} of ${progress.total} personas answered${progress.failed ? `, ${progress.failed} failed` : ''}`);
  if (question.failureReason) lines.push(`Reason: ${question.failureReason}`);
  const insights = question.insights;
  if (!insights) return lines;
  if (insights.simulated) lines.push('Note: answers came from the offline provider (simulated, not evidence)');
  lines.push('');
  if (insights.scale) lines.push(...scaleLines(insights));
  if (insights.choices.length > 0) lines.push(...choiceLines(insights));
  if (insights.themes.length > 0) {
    lines.push('Themes');
    for (const theme of insights.themes) lines.push(`  ${theme.theme} (${theme.mentions})`);
  }
  lines.push(...segmentLines(question, insights));
  for (const warning of insights.warnings) lines.push(`⚠ ${warning.message}`);
  return lines;
}
