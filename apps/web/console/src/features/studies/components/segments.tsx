// The answers cut by persona gender, age group, country and income: one row per segment.
import type { SegmentInsights } from '@persona-lab/contracts';

import { TableScroll } from '../../../components/ui/table-scroll';
import { formatIntent, formatInterval, formatPercent, SEGMENT_NAMES } from '../../../lib/format';

export function Segments({ segments }: { segments: SegmentInsights[] }) {
  if (segments.length === 0) return null;
  return (
    <section aria-labelledby="segments-title">
      <h2 id="segments-title">Segments</h2>
      <TableScroll label="Segments table">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col">Answers</th>
              <th scope="col">Average intent</th>
              <th scope="col">Likely buyers</th>
              <th scope="col">SSR rating</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={`${s.dimension}-${s.value}`}>
                <th scope="row">
                  {SEGMENT_NAMES[s.dimension]}: {s.value}
                </th>
                <td className="numeric">
                  {s.n}
                  {s.smallSample ? ' (small)' : ''}
                </td>
                <td className="numeric">
                  {formatIntent(s.averagePurchaseIntent)}
                  <span className="cell-sub">{formatInterval(s.intervals?.averagePurchaseIntent ?? null)?.split(' (')[0]}</span>
                </td>
                <td className="numeric">{formatPercent(s.likelyBuyerPercentage)}</td>
                <td className="numeric">{s.ssrExpectedRating === null ? '—' : s.ssrExpectedRating.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
