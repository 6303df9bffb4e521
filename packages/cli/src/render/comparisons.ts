// Products rated by the same personas, compared pair by pair: the difference with its interval,
// the Wilcoxon signed-rank test and the verdict, in words.
import type { ProductComparison } from '@persona-lab/contracts';

import { formatPValue, formatSigned, formatSignedBounds } from './format.js';
import { renderTable } from './table.js';

type Measure = NonNullable<ProductComparison['purchaseIntent']>;

/** `Trail shoe ahead`, or `no clear difference`. */
export function verdictText(comparison: Pick<ProductComparison, 'productA' | 'productB'>, verdict: Measure['verdict']): string {
  if (verdict === 'A ahead') return `${comparison.productA.name} ahead`;
  if (verdict === 'B ahead') return `${comparison.productB.name} ahead`;
  return 'no clear difference';
}

function measureCells(comparison: ProductComparison, label: string, measure: Measure | null): string[] {
  if (!measure) return [label, '–', '–', '–', 'not compared (no pairs)'];
  const { difference, test } = measure;
  const testCell = test === null ? 'no test' : test.n === 0 ? 'every pair equal' : `${formatPValue(test.pValue)} (${test.method})`;
  return [label, formatSigned(difference.estimate), formatSignedBounds(difference), testCell, verdictText(comparison, measure.verdict)];
}

export function comparisonLines(comparisons: readonly ProductComparison[]): string[] {
  if (comparisons.length === 0) return [];
  const lines = [
    '── Paired comparisons ──',
    '',
    'The same personas rated both products; A − B per persona, Wilcoxon signed-rank test.',
    '',
  ];
  for (const comparison of comparisons) {
    lines.push(`${comparison.productA.name} (A) vs ${comparison.productB.name} (B): ${comparison.pairs} personas rated both`);
    const table = renderTable([
      ['', 'A − B', '95 % interval', 'Wilcoxon', 'Verdict'],
      measureCells(comparison, 'Intent (1–10)', comparison.purchaseIntent),
      measureCells(comparison, 'SSR rating (1–5)', comparison.ssrExpectedRating),
    ]);
    lines.push(...table.map((l) => `  ${l}`));
    if (comparison.smallSample) lines.push(`  ! Only ${comparison.pairs} pairs (fewer than 30): read the verdict with care.`);
    lines.push('');
  }
  return lines;
}
