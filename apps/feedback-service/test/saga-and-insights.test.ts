import { describe, expect, it } from 'vitest';

import { concernsForThemes, ConcernTally, panelOf } from '../src/domain/insights-panel.js';
import { runSaga, SagaFailedError } from '../src/domain/saga.js';

describe('saga', () => {
  it('runs the compensations of finished steps in reverse order when a step fails', async () => {
    const log: string[] = [];
    const step = (name: string, fail = false) => ({
      name,
      run: async () => {
        log.push(`run ${name}`);
        if (fail) throw new Error(`${name} broke`);
      },
      compensate: async () => {
        log.push(`undo ${name}`);
      },
    });
    const error = await runSaga([step('rows'), step('cache'), step('publish', true)], {}).catch((e) => e);
    expect(error).toBeInstanceOf(SagaFailedError);
    expect(error.step).toBe('publish');
    expect(error.cause.message).toBe('publish broke');
    expect(log).toEqual(['run rows', 'run cache', 'run publish', 'undo cache', 'undo rows']);
  });

  it('keeps compensating after a compensation fails and reports it', async () => {
    const log: string[] = [];
    const error = await runSaga(
      [
        { name: 'a', run: async () => {}, compensate: async () => void log.push('undo a') },
        {
          name: 'b',
          run: async () => {},
          compensate: async () => {
            throw new Error('undo b failed');
          },
        },
        {
          name: 'c',
          run: async () => {
            throw new Error('c broke');
          },
        },
      ],
      {},
    ).catch((e) => e);
    expect(log).toEqual(['undo a']);
    expect(error.compensationErrors.map((e: { step: string }) => e.step)).toEqual(['b']);
  });

  it('returns the context when every step succeeds', async () => {
    const context = { ids: [] as number[] };
    await runSaga([{ name: 'one', run: async (c: typeof context) => void c.ids.push(1) }], context);
    expect(context.ids).toEqual([1]);
  });
});

describe('insights', () => {
  const result = (purchaseIntent: number | null, status = 'COMPLETED', keyConcerns: string[] = [], productId = 'p', personaId = 'a') => ({
    productId,
    personaId,
    status,
    purchaseIntent,
    keyConcerns,
    ssrDistribution: [],
    ssrRating: null,
    persona: { gender: null, ageGroup: null, country: null, incomeLevel: null },
  });

  it('collects the concerns of completed results only, persona then product, per product and overall', () => {
    const { concerns } = panelOf(
      [
        { id: 'p', name: 'P' },
        { id: 'q', name: 'Q' },
      ],
      [
        result(5, 'COMPLETED', ['price'], 'q', 'b'),
        result(null, 'FAILED', ['ignored'], 'p', 'b'),
        result(4, 'COMPLETED', ['size'], 'q', 'a'),
        result(6, 'COMPLETED', ['colour', 'price'], 'p', 'a'),
      ].sort((x, y) => (x.personaId + x.productId < y.personaId + y.productId ? -1 : 1)),
    );
    expect(concerns.overall.forThemes()).toEqual(['colour', 'price', 'size', 'price']);
    expect(concerns.byProduct.map((tally) => tally.forThemes())).toEqual([
      ['colour', 'price'],
      ['size', 'price'],
    ]);
  });
});

describe('concerns sent for themes', () => {
  it('sends every concern when they fit', () => {
    expect(concernsForThemes(['a', 'b'], 5)).toEqual(['a', 'b']);
  });

  it('keeps the most frequent concerns when there are more than the gateway takes', () => {
    const concerns = ['rare', 'Price', 'price ', 'battery', 'PRICE', 'battery', 'odd'];
    expect(concernsForThemes(concerns, 5)).toEqual(['Price', 'Price', 'Price', 'battery', 'battery']);
  });

  it('counts the concerns as they come and gives the list the whole list would give, under and over the limit', () => {
    const tally = new ConcernTally(5);
    const concerns = ['b', 'A', 'a ', 'c', 'b'];
    concerns.forEach((concern) => tally.add(concern));
    expect(tally.forThemes()).toEqual(concerns);
    for (const concern of ['c', 'C', 'd']) tally.add(concern);
    // b ×2, a ×2, c ×3, d ×1: most frequent first, equal counts in order of first appearance.
    expect(tally.forThemes()).toEqual(['c', 'c', 'c', 'b', 'b']);
    expect(tally.forThemes()).toEqual(concernsForThemes([...concerns, 'c', 'C', 'd'], 5));
  });
});
