// Per product (and overall with several): the average intent and the likely buyers, each with its
// interval; SSR's expected rating where the session has it; the warnings as visible notes.
import type { IntentInsights, SessionInsights } from '@persona-lab/contracts';

import { Note } from '../../../components/ui/states';
import { TableScroll } from '../../../components/ui/table-scroll';
import { formatIntent, formatInterval, formatPercent } from '../../../lib/format';

type ProductInsights = SessionInsights['products'][number];

export function InsightCards({ insights }: { insights: SessionInsights }) {
  return (
    <ul className="insight-cards">
      {insights.products.map((product) => (
        <li key={product.productId} className="card">
          <h3>{product.productName}</h3>
          <Numbers insights={product} />
          <Warnings insights={product} />
        </li>
      ))}
    </ul>
  );
}

function Numbers({ insights }: { insights: IntentInsights | ProductInsights }) {
  const intervals = insights.intervals;
  const average = formatInterval(intervals?.averagePurchaseIntent ?? null);
  const buyers = formatInterval(intervals?.likelyBuyerShare ?? null, 'percent');
  const ssr = insights.ssr ?? null;
  const ssrInterval = formatInterval(intervals?.ssrExpectedRating ?? null);
  return (
    <dl className="numbers">
      <div>
        <dt>Average intent (1–10)</dt>
        <dd>
          <span className="big">{formatIntent(insights.averagePurchaseIntent)}</span>
          {average && <span className="interval">{average}</span>}
        </dd>
      </div>
      <div>
        <dt>Likely buyers (intent ≥ 7)</dt>
        <dd>
          <span className="big">{formatPercent(insights.likelyBuyerPercentage)}</span>
          {buyers && <span className="interval">{buyers}</span>}
        </dd>
      </div>
      {ssr && (
        <div>
          <dt>Rated purchase likelihood (SSR, 1–5)</dt>
          <dd>
            <span className="big">{ssr.expectedRating.toFixed(2)}</span>
            {ssrInterval && <span className="interval">{ssrInterval}</span>}
            <span className="interval">top two boxes {Math.round(ssr.topTwoBox)} %</span>
          </dd>
        </div>
      )}
      <div>
        <dt>Answers</dt>
        <dd>
          {insights.completed} completed{insights.failed > 0 ? `, ${insights.failed} failed` : ''}
        </dd>
      </div>
    </dl>
  );
}

export function Warnings({ insights }: { insights: IntentInsights | ProductInsights }) {
  const warnings = insights.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <div className="warnings">
      {warnings.map((warning) => (
        <Note key={warning.code} tone="warning">
          {warning.message}
        </Note>
      ))}
    </div>
  );
}

/** Products side by side, one column each, when a study compared several. */
export function SideBySide({ insights }: { insights: SessionInsights }) {
  if (insights.products.length < 2) return null;
  const rows: { label: string; value: (p: ProductInsights) => string }[] = [
    { label: 'Average intent', value: (p) => formatIntent(p.averagePurchaseIntent) },
    { label: '95 % interval', value: (p) => formatInterval(p.intervals?.averagePurchaseIntent ?? null)?.split(' (')[0] ?? '—' },
    { label: 'Likely buyers', value: (p) => formatPercent(p.likelyBuyerPercentage) },
    { label: '95 % interval ', value: (p) => formatInterval(p.intervals?.likelyBuyerShare ?? null, 'percent')?.split(' (')[0] ?? '—' },
    { label: 'SSR expected rating', value: (p) => (p.ssr ? p.ssr.expectedRating.toFixed(2) : '—') },
    { label: 'Answers', value: (p) => String(p.completed) },
    { label: 'Top theme', value: (p) => p.keyThemes[0]?.theme ?? '—' },
  ];
  return (
    <TableScroll label="Products side by side table">
      <table className="table">
        <caption>Products side by side</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Measure</span>
            </th>
            {insights.products.map((p) => (
              <th scope="col" key={p.productId}>
                {p.productName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label.trim()}</th>
              {insights.products.map((p) => (
                <td key={p.productId} className="numeric">
                  {row.value(p)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
