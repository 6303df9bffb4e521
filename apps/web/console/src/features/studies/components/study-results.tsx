// A finished study: the numbers per product with their intervals and warnings, the intent
// distribution chart, the themes, products side by side, paired comparisons, segments, every answer,
// and the exports.
import { type FeedbackSession, type SessionInsights, usageText } from '@persona-lab/contracts';
import { lazy, Suspense } from 'react';

import { Loading, Note } from '../../../components/ui/states';
import { ThemeList } from '../../../components/ui/theme-list';
import { AskPanel } from '../../questions/components/ask-panel';
import { AnswersTable } from './answers-table';
import { Comparisons } from './comparisons';
import { ExportButtons } from './export-buttons';
import { InsightCards, SideBySide, Warnings } from './insight-summary';
import { ReplayButton } from './replay-button';
import { Segments } from './segments';

const IntentChart = lazy(() => import('./intent-chart'));

function DistributionTable({ insights }: { insights: SessionInsights }) {
  return (
    // Hidden in a box of its own: a table grows to its content whatever width it is given.
    <div className="visually-hidden">
      <table>
        <caption>Answers per purchase intent</caption>
        <thead>
          <tr>
            <th scope="col">Intent</th>
            {insights.products.map((p) => (
              <th scope="col" key={p.productId}>
                {p.productName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: 10 }, (_, i) => (
            <tr key={i}>
              <th scope="row">{i + 1}</th>
              {insights.products.map((p) => (
                <td key={p.productId}>{p.intentDistribution[i] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Themes({ insights }: { insights: SessionInsights }) {
  return (
    <section aria-labelledby="themes-title">
      <h2 id="themes-title">Key themes</h2>
      <div className="themes">
        {insights.products.map((p) => (
          <div key={p.productId} className="card">
            <h3>{p.productName}</h3>
            <ThemeList themes={p.keyThemes} />
          </div>
        ))}
      </div>
    </section>
  );
}

export function StudyResults({ study }: { study: FeedbackSession }) {
  const insights = study.insights;
  return (
    <div className="results">
      <div className="results-actions">
        <ExportButtons studyId={study.id} />
        <ReplayButton studyId={study.id} />
      </div>
      {study.usage && <p className="muted small">Cost: {usageText(study.usage)}</p>}
      {study.budget?.reached && (
        <Note tone="warning">
          The budget of ${study.budget.maxCostUsd} stopped this study: {study.progress.cancelled} results were cancelled.
        </Note>
      )}
      {study.status !== 'COMPLETED' && (
        <Note tone="warning">
          This study ended {study.status.toLowerCase()}
          {study.failureReason ? `: ${study.failureReason}` : ''}. The answers given before are below.
        </Note>
      )}
      {insights ? (
        <>
          {insights.simulated && <Note>The answers were simulated by the offline AI provider; use a real provider for research.</Note>}
          {insights.products.length > 1 && <Warnings insights={insights.overall} />}
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <InsightCards insights={insights} />
            <p className="muted small">
              Intervals are 95 % bootstrap intervals over this panel’s answers: how much the model’s answers vary, not a population margin
              of error.
            </p>
          </section>
          <section aria-labelledby="distribution-title">
            <h2 id="distribution-title">Intent distribution</h2>
            <Suspense fallback={<Loading label="Loading the chart…" />}>
              <IntentChart series={insights.products.map((p) => ({ name: p.productName, distribution: p.intentDistribution }))} />
            </Suspense>
            <DistributionTable insights={insights} />
          </section>
          <Themes insights={insights} />
          <SideBySide insights={insights} />
          <Comparisons comparisons={insights.comparisons ?? []} />
          <Segments segments={insights.overall.segments ?? []} />
        </>
      ) : (
        <Note>No insights were computed for this study.</Note>
      )}
      <AnswersTable study={study} />
      {study.status === 'COMPLETED' && <AskPanel study={study} />}
    </div>
  );
}
