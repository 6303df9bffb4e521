// Paired comparisons (the same personas rated both products): the difference A − B with its interval
// and the verdict, per measure.
import type { ProductComparison } from '@persona-lab/contracts';

import { TableScroll } from '../../../components/ui/table-scroll';
import { formatInterval } from '../../../lib/format';

type Measure = NonNullable<ProductComparison['purchaseIntent']>;

function verdictText(comparison: ProductComparison, measure: Measure): string {
  if (measure.verdict === 'A ahead') return `${comparison.productA.name} ahead`;
  if (measure.verdict === 'B ahead') return `${comparison.productB.name} ahead`;
  return 'No clear difference';
}

function MeasureCell({ comparison, measure }: { comparison: ProductComparison; measure: Measure | null }) {
  if (!measure) return <td>—</td>;
  const d = measure.difference;
  return (
    <td>
      <strong>{verdictText(comparison, measure)}</strong>
      <span className="cell-sub">
        difference {d.estimate >= 0 ? '+' : ''}
        {d.estimate.toFixed(2)}, {formatInterval(d)}
        {measure.test ? `, p = ${measure.test.pValue < 0.001 ? '< 0.001' : measure.test.pValue.toFixed(3)}` : ''}
      </span>
    </td>
  );
}

export function Comparisons({ comparisons }: { comparisons: ProductComparison[] }) {
  if (comparisons.length === 0) return null;
  return (
    <section aria-labelledby="comparisons-title">
      <h2 id="comparisons-title">Paired comparisons</h2>
      <p className="muted">The same personas rated both products; differences are A − B.</p>
      <TableScroll label="Paired comparisons table">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">A vs B</th>
              <th scope="col">Pairs</th>
              <th scope="col">Purchase intent</th>
              <th scope="col">SSR rating</th>
            </tr>
          </thead>
          <tbody>
            {comparisons.map((c) => (
              <tr key={`${c.productA.id}-${c.productB.id}`}>
                <th scope="row">
                  {c.productA.name} vs {c.productB.name}
                </th>
                <td className="numeric">
                  {c.pairs}
                  {c.smallSample ? ' (small sample)' : ''}
                </td>
                <MeasureCell comparison={c} measure={c.purchaseIntent} />
                <MeasureCell comparison={c} measure={c.ssrExpectedRating} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
