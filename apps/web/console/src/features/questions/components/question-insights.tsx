// What a question's answers add up to: the themes of open answers with their mentions; for a scale
// the mean with its interval and the share per point; for a choice each option's share with its
// interval; and the same broken down by persona segment.
import type { PanelQuestion, QuestionInsights as Insights } from '@persona-lab/contracts';
import { lazy, Suspense } from 'react';

import { Empty, Loading, Note } from '../../../components/ui/states';
import { TableScroll } from '../../../components/ui/table-scroll';
import { ThemeList } from '../../../components/ui/theme-list';
import { formatInterval, SEGMENT_NAMES } from '../../../lib/format';
import type { DistributionBar } from './question-chart';

const QuestionChart = lazy(() => import('./question-chart'));

const round = (n: number) => Math.round(n * 10) / 10;

function barsOf(insights: Insights): DistributionBar[] {
  if (insights.scale) return insights.scale.distribution.map((p) => ({ label: String(p.value), share: p.share }));
  return insights.choices.map((c) => ({
    label: c.option,
    share: c.share,
    error: [round(Math.max(0, c.share - c.interval.lower)), round(Math.max(0, c.interval.upper - c.share))],
  }));
}

function DistributionTable({ insights, caption }: { insights: Insights; caption: string }) {
  const rows = insights.scale
    ? insights.scale.distribution.map((p) => ({ key: String(p.value), count: p.count, share: p.share, interval: null }))
    : insights.choices.map((c) => ({ key: c.option, count: c.count, share: c.share, interval: c.interval }));
  return (
    <TableScroll label="Distribution table">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{insights.scale ? 'Point' : 'Option'}</th>
            <th scope="col">Answers</th>
            <th scope="col">Share</th>
            {!insights.scale && <th scope="col">95 % interval</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.key}</th>
              <td className="numeric">{row.count}</td>
              <td className="numeric">{`${row.share}\u00a0%`}</td>
              {!insights.scale && (
                <td className="numeric">{formatInterval(row.interval, 'percent')?.split(' (')[0]?.replace(' %', '\u00a0%')}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function SegmentTable({ insights }: { insights: Insights }) {
  if (insights.segments.length === 0) return null;
  const options = insights.choices.map((c) => c.option);
  return (
    <TableScroll label="Segments table">
      <table className="table">
        <caption>By segment</caption>
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col">Answers</th>
            {insights.scale ? (
              <th scope="col">Mean (95 % interval)</th>
            ) : (
              options.map((option) => (
                <th scope="col" key={option}>
                  {option}
                </th>
              ))
            )}
          </tr>
        </thead>
        <tbody>
          {insights.segments.map((s) => (
            <tr key={`${s.dimension}-${s.value}`}>
              <th scope="row">
                {SEGMENT_NAMES[s.dimension]}: {s.value}
              </th>
              <td className="numeric">
                {s.n}
                {s.smallSample ? ' (small)' : ''}
              </td>
              {insights.scale ? (
                <td className="numeric">
                  {s.mean === null ? '—' : s.mean.toFixed(2)}
                  <span className="cell-sub">{formatInterval(s.meanInterval)?.split(' (')[0]}</span>
                </td>
              ) : (
                options.map((option) => {
                  const share = s.choices.find((c) => c.option === option);
                  return (
                    <td className="numeric" key={option}>
                      {share ? `${share.share}\u00a0%` : '—'}
                    </td>
                  );
                })
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function QuestionInsightsView({ question }: { question: PanelQuestion }) {
  const insights = question.insights;
  if (!insights) return <Note>The insights appear once every persona has answered.</Note>;
  if (insights.completed === 0) return <Empty title="No persona answered this question" />;
  const measured = insights.scale !== null || insights.choices.length > 0;
  return (
    <div className="question-insights">
      {insights.simulated && <Note>The answers were simulated by the offline AI provider.</Note>}
      {insights.warnings.map((w) => (
        <Note key={w.code} tone="warning">
          {w.message}
        </Note>
      ))}
      {insights.scale && (
        <p className="question-mean">
          Mean <strong>{insights.scale.mean.toFixed(2)}</strong> on {question.form.min}–{question.form.max}{' '}
          <span className="muted">{formatInterval(insights.scale.interval)}</span>
        </p>
      )}
      {measured && (
        <>
          <h4>Distribution</h4>
          <Suspense fallback={<Loading label="Loading the chart…" />}>
            <QuestionChart
              bars={barsOf(insights)}
              axis={
                insights.scale
                  ? `${question.form.minLabel ?? question.form.min} → ${question.form.maxLabel ?? question.form.max}`
                  : 'Option'
              }
            />
          </Suspense>
          <DistributionTable insights={insights} caption={`Answers to “${question.text}”`} />
          <SegmentTable insights={insights} />
        </>
      )}
      {question.form.kind === 'open' && (
        <>
          <h4>Themes</h4>
          <ThemeList themes={insights.themes} />
        </>
      )}
    </div>
  );
}
