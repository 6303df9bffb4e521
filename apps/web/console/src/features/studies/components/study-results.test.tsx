import type { SessionInsights } from '@persona-lab/contracts';
import { screen, within } from '@testing-library/react';
import { expect, test } from 'vitest';

import { ids, intentInsights, interval, study } from '../../../test/fixtures';
import { renderWithApp } from '../../../test/render';
import { StudyResults } from './study-results';

function insights(): SessionInsights {
  return {
    overall: intentInsights({
      segments: [
        {
          dimension: 'gender',
          value: 'FEMALE',
          n: 2,
          averagePurchaseIntent: 6.5,
          likelyBuyerPercentage: 50,
          ssrExpectedRating: 3.4,
          intervals: { averagePurchaseIntent: interval(6.5, 6, 7), likelyBuyerShare: null, ssrExpectedRating: null, ssrTopTwoBox: null },
          smallSample: true,
        },
      ],
    }),
    products: [
      { productId: ids.shoe, productName: 'Trail shoe', ...intentInsights() },
      { productId: ids.sneaker, productName: 'City sneaker', ...intentInsights({ averagePurchaseIntent: 4, warnings: [] }) },
    ],
    comparisons: [
      {
        productA: { id: ids.shoe, name: 'Trail shoe' },
        productB: { id: ids.sneaker, name: 'City sneaker' },
        pairs: 2,
        purchaseIntent: { difference: interval(2.5, 1, 4), test: null, verdict: 'A ahead' },
        ssrExpectedRating: null,
        smallSample: true,
      },
    ],
    simulated: true,
  };
}

test('shows each mean with its interval, the warnings as notes, the segments and the paired verdict', () => {
  renderWithApp(<StudyResults study={study(insights(), 1)} />);

  const summary = within(screen.getByRole('region', { name: 'Summary' }));
  const shoe = within(summary.getByRole('heading', { name: 'Trail shoe' }).closest('li')!);
  expect(shoe.getByText('6.5')).toBeInTheDocument();
  expect(shoe.getByText('6.0–7.0 (95 % interval)')).toBeInTheDocument();
  expect(shoe.getByText('0–100 % (95 % interval)')).toBeInTheDocument();
  expect(shoe.getByText('3.60')).toBeInTheDocument();
  expect(shoe.getByRole('note')).toHaveTextContent('Only 2 completed answers: the intervals are rough.');
  expect(screen.getByText(/simulated by the offline AI provider/)).toBeInTheDocument();

  const segments = within(screen.getByRole('region', { name: 'Segments' }));
  expect(segments.getByRole('rowheader', { name: 'Gender: FEMALE' })).toBeInTheDocument();
  expect(segments.getByText('2 (small)')).toBeInTheDocument();

  const comparisons = within(screen.getByRole('region', { name: 'Paired comparisons' }));
  expect(comparisons.getByText('Trail shoe ahead')).toBeInTheDocument();
  expect(comparisons.getByText(/difference \+2.50, 1.0–4.0/)).toBeInTheDocument();

  expect(screen.getByRole('table', { name: 'Products side by side' })).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'CSV' })).toHaveAttribute('href', `/api/feedback-sessions/${ids.study}/export?format=csv`);
});

test('shows the numbers it has when the research-grade fields are null or absent', () => {
  const bare = insights();
  for (const part of [bare.overall, ...bare.products]) {
    Object.assign(part, {
      intervals: { averagePurchaseIntent: null, likelyBuyerShare: null, ssrExpectedRating: null, ssrTopTwoBox: null },
      ssr: null,
      spread: null,
      averagePurchaseIntent: null,
      likelyBuyerPercentage: null,
    });
    delete (part as Partial<typeof part>).warnings;
    delete (part as Partial<typeof part>).segments;
  }
  delete (bare as Partial<SessionInsights>).comparisons;

  renderWithApp(<StudyResults study={study(bare)} />);

  expect(screen.getAllByText('—').length).toBeGreaterThan(0);
  expect(screen.queryByText(/interval\)/)).not.toBeInTheDocument();
  expect(screen.queryByRole('region', { name: 'Segments' })).not.toBeInTheDocument();
  expect(screen.queryByRole('region', { name: 'Paired comparisons' })).not.toBeInTheDocument();
  expect(screen.queryByRole('note')).not.toBeInTheDocument();
});

test('says so when a study has no insights', () => {
  renderWithApp(<StudyResults study={{ ...study(null), status: 'CANCELLED' }} />);
  expect(screen.getByText(/This study ended cancelled/)).toBeInTheDocument();
  expect(screen.getByText('No insights were computed for this study.')).toBeInTheDocument();
});

test('shows what the study cost, and when its budget stopped it', () => {
  const stopped = {
    ...study(insights(), 1),
    progress: { total: 4, completed: 1, failed: 0, pending: 0, cancelled: 3 },
    usage: { calls: 3, inputTokens: 2010, outputTokens: 200, costUsd: 0.12, unknownCostCalls: 1 },
    budget: { maxCostUsd: 0.1, reached: true },
  };
  renderWithApp(<StudyResults study={stopped} />);
  expect(screen.getByText('Cost: 3 model calls, 2,010 input and 200 output tokens, ≥ $0.12 + unknown')).toBeInTheDocument();
  expect(screen.getByText('The budget of $0.1 stopped this study: 3 results were cancelled.')).toBeInTheDocument();
});
