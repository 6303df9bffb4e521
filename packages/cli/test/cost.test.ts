import { costText, type FeedbackSessionEstimate } from '@persona-lab/contracts';
import { describe, expect, test } from 'vitest';

import { confirmationReason } from '../src/commands/research.js';
import { renderEstimate } from '../src/render/cost.js';

const range = (min: number, max: number) => ({ min, max });
function estimateCosting(min: number | null, max: number | null): FeedbackSessionEstimate {
  const line = {
    kind: 'feedback' as const,
    model: 'gpt-4o-mini',
    calls: range(8, 8),
    inputTokens: range(4000, 16000),
    outputTokens: range(1000, 4000),
    costUsd: { min, max },
    basis: 'history' as const,
  };
  return {
    lines: [line],
    total: { calls: line.calls, inputTokens: line.inputTokens, outputTokens: line.outputTokens, costUsd: { min, max } },
  };
}

describe('confirming a start from its estimate', () => {
  test('asks when the estimate may cost more than the threshold', () => {
    expect(confirmationReason(estimateCosting(0.4, 1.6), 1)).toBe('it may cost up to $1.60, above $1');
  });

  test('does not ask at or below the threshold', () => {
    expect(confirmationReason(estimateCosting(0.4, 1), 1)).toBeNull();
    expect(confirmationReason(estimateCosting(0, 0), 0)).toBeNull();
  });

  test('asks when the cost is unknown, since it may be anything', () => {
    expect(confirmationReason(estimateCosting(null, null), 100)).toContain('unknown');
  });

  test('the estimate shows calls, tokens and cost as ranges', () => {
    expect(renderEstimate(estimateCosting(0.0012, 0.0048)).join('\n')).toMatch(
      /feedback\s+gpt-4o-mini\s+8\s+5,000–20,000\s+\$0\.0012–\$0\.0048/,
    );
    expect(renderEstimate(estimateCosting(null, null)).join('\n')).toMatch(/total\s+8\s+5,000–20,000\s+unknown/);
  });
});

describe('cost text', () => {
  test('never shows an unknown price as 0', () => {
    expect(costText({ calls: 3, costUsd: 0.12, unknownCostCalls: 0 })).toBe('$0.12');
    expect(costText({ calls: 3, costUsd: 0.12, unknownCostCalls: 1 })).toBe('≥ $0.12 + unknown');
    expect(costText({ calls: 3, costUsd: 0, unknownCostCalls: 3 })).toBe('unknown');
    expect(costText({ calls: 0, costUsd: 0, unknownCostCalls: 0 })).toBe('$0.00');
  });
});
