// The panel bootstrap against a plain reference built from the same draws, and against the
// bootstrap of one sample it generalises.
import { beforeAll, describe, expect, it } from 'vitest';

import {
  bootstrapMeansTogether,
  bootstrapPanel,
  createSeededRandom,
  type Interval,
  type PanelAnswers,
  type PanelIntervals,
  quantile,
} from '../src/index.js';

const SEED = 20_261_201;

/** A seeded panel of multiples of 1/8, which floating point adds exactly in any order. */
function randomPanel(
  personas: number,
  items: number,
  measures: number,
  missing: (persona: number, item: number, measure: number) => boolean,
) {
  let state = 7;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const values = new Float64Array(personas * items * measures);
  for (let i = 0; i < personas; i++) {
    for (let k = 0; k < items; k++) {
      for (let m = 0; m < measures; m++)
        values[(i * items + k) * measures + m] = missing(i, k, m) ? Number.NaN : Math.floor(next() * 80) / 8;
    }
  }
  return { personas, items, measures, values };
}

const valueOf = (panel: PanelAnswers, persona: number, item: number, measure: number) =>
  panel.values[(persona * panel.items + item) * panel.measures + measure]!;

const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;

/** The percentile interval of the resamples that have a mean, read off as the bootstrap does. */
function referenceInterval(estimateOf: number[], resampled: (number | null)[]): Interval | null {
  if (estimateOf.length === 0) return null;
  const kept = resampled.filter((x): x is number => x !== null).sort((a, b) => a - b);
  // α/2 as the bootstrap computes it: (1 − 0.95) / 2 is 0.025 plus a little in floating point.
  const alpha = 1 - 0.95;
  return {
    estimate: mean(estimateOf),
    lower: quantile(kept, alpha / 2),
    upper: quantile(kept, 1 - alpha / 2),
    confidence: 0.95,
    resamples: kept.length,
    n: estimateOf.length,
    smallSample: estimateOf.length < 30,
  };
}

/**
 * The slow, plain reading of the method: for each resample, draw the group's personas, build each
 * figure's resample (the drawn personas' values, in draw order) and take its mean.
 */
function reference(
  panel: PanelAnswers,
  members: number[],
  differences: { a: number; b: number; measure: number }[] = [],
  resamples = 2000,
) {
  const random = createSeededRandom(SEED);
  const { items, measures } = panel;
  const figures = [
    ...Array.from({ length: items }, (_, k) => Array.from({ length: measures }, (_, m) => ({ items: [k], m }))).flat(),
    ...Array.from({ length: measures }, (_, m) => ({ items: Array.from({ length: items }, (_, k) => k), m })),
  ];
  const valuesOf = (personas: number[], { items: of, m }: { items: number[]; m: number }) =>
    personas.flatMap((i) => of.map((k) => valueOf(panel, i, k, m))).filter((x) => !Number.isNaN(x));
  const differencesOf = (personas: number[], { a, b, measure }: { a: number; b: number; measure: number }) =>
    personas.map((i) => valueOf(panel, i, a, measure) - valueOf(panel, i, b, measure)).filter((x) => !Number.isNaN(x));
  const resampledFigures = figures.map((): (number | null)[] => []);
  const resampledDifferences = differences.map((): (number | null)[] => []);
  for (let b = 0; b < resamples; b++) {
    const drawn = Array.from({ length: members.length }, () => members[random.index(members.length)]!);
    figures.forEach((figure, f) => {
      const resample = valuesOf(drawn, figure);
      resampledFigures[f]!.push(resample.length ? mean(resample) : null);
    });
    differences.forEach((difference, d) => {
      const resample = differencesOf(drawn, difference);
      resampledDifferences[d]!.push(resample.length ? mean(resample) : null);
    });
  }
  const intervals = figures.map((figure, f) => referenceInterval(valuesOf(members, figure), resampledFigures[f]!));
  return {
    byItem: Array.from({ length: items }, (_, k) => intervals.slice(k * measures, (k + 1) * measures)),
    allItems: intervals.slice(items * measures),
    differences: differences.map((difference, d) => referenceInterval(differencesOf(members, difference), resampledDifferences[d]!)),
  };
}

describe('bootstrapPanel', () => {
  // 14 personas, 3 products, 2 measures (intent, SSR rating). Persona 3 failed product 1, persona 5
  // answered nothing, every fourth answer (from persona 2 on) is unrated, persona 9 answered only product 2.
  const panel = randomPanel(
    14,
    3,
    2,
    (i, k, m) => (i === 3 && k === 1) || i === 5 || (m === 1 && (i * 3 + k) % 4 === 2) || (i === 9 && k !== 2),
  );
  const everyone = Array.from({ length: 14 }, (_, i) => i);
  const segments = [everyone.filter((i) => i % 3 === 0), everyone.filter((i) => i % 3 !== 0), [5, 9]];
  const differences = [
    { a: 0, b: 1, measure: 0 },
    { a: 0, b: 2, measure: 1 },
    { a: 1, b: 2, measure: 1 },
  ];
  let fast: PanelIntervals;
  beforeAll(async () => {
    fast = await bootstrapPanel(panel, { groups: segments, differences }, { seed: SEED, helperThread: false });
  });

  it('gives exactly the intervals of the plain reference built from the same draws, for the whole panel and its differences', () => {
    const expected = reference(panel, everyone, differences);
    expect(fast.whole).toEqual({ byItem: expected.byItem, allItems: expected.allItems });
    expect(fast.differences).toEqual(expected.differences);
  });

  it('gives the reference’s intervals for a number of resamples that is not a multiple of the four it adds up at once', async () => {
    const resamples = 2003;
    const odd = await bootstrapPanel(panel, { groups: [segments[1]!], differences }, { seed: SEED, resamples, helperThread: false });
    const expected = reference(panel, everyone, differences, resamples);
    expect(odd.whole).toEqual({ byItem: expected.byItem, allItems: expected.allItems });
    expect(odd.differences).toEqual(expected.differences);
    const { byItem, allItems } = reference(panel, segments[1]!, [], resamples);
    expect(odd.groups[0]).toEqual({ byItem, allItems });
    expect(odd.whole.byItem[0]![0]!.resamples).toBe(resamples);
  });

  it('resamples each group within itself, as the reference does', () => {
    segments.forEach((members, g) => {
      const { byItem, allItems } = reference(panel, members);
      expect(fast.groups[g]).toEqual({ byItem, allItems });
    });
  });

  it('counts a persona listed twice in a group as two members, each drawn on its own, as the reference does', async () => {
    const twice = [0, 0, 1, 2, 4, 6, 7];
    const { groups } = await bootstrapPanel(panel, { groups: [twice] }, { seed: SEED, helperThread: false });
    const { byItem, allItems } = reference(panel, twice);
    expect(groups[0]).toEqual({ byItem, allItems });
  });

  it('gives a group of every persona the intervals the reference gives everyone, apart from the whole panel’s', async () => {
    const withEveryone = await bootstrapPanel(panel, { groups: [segments[0]!, everyone], differences }, { seed: SEED });
    const { byItem, allItems } = reference(panel, everyone);
    expect(withEveryone.groups[1]).toEqual({ byItem, allItems });
    expect(withEveryone.groups[0]).toEqual(fast.groups[0]);
    expect(withEveryone.groups[1]!.byItem[0]![0]).not.toBe(withEveryone.whole.byItem[0]![0]);
  });

  it('leaves out the resamples that drew nobody with a value, and has no interval where nobody has one', () => {
    // Group [5, 9]: only persona 9 answered, and only product 2; a resample draws 9 at least once
    // with probability 1 − 1/4, so about 1,500 of the 2,000 resamples are kept, each with mean = 9's value.
    const [, , small] = fast.groups;
    expect(small!.byItem[0]).toEqual([null, null]);
    const item2 = small!.byItem[2]![0]!;
    expect(item2.n).toBe(1);
    expect(item2.resamples).toBeGreaterThan(1400);
    expect(item2.resamples).toBeLessThan(1600);
    expect(item2).toMatchObject({ estimate: valueOf(panel, 9, 2, 0), lower: valueOf(panel, 9, 2, 0), upper: valueOf(panel, 9, 2, 0) });
    expect(fast.whole.byItem[1]![0]!.resamples).toBe(2000);
  });

  it('gives one fully answered item exactly the interval bootstrapMeansTogether gives its values', async () => {
    const one = randomPanel(40, 1, 3, () => false);
    const columns = [0, 1, 2].map((m) => Array.from({ length: 40 }, (_, i) => valueOf(one, i, 0, m)));
    const expected = bootstrapMeansTogether(columns, { seed: SEED });
    const { whole } = await bootstrapPanel(one, {}, { seed: SEED });
    expect(whole.byItem[0]).toEqual(expected);
    // One item: all items together is that item.
    expect(whole.allItems).toEqual(expected);
  });

  it('agrees with bootstrapMeansTogether on values that do not add exactly, to the last bits', async () => {
    const ratings = [3.2, 4.1, 2.5, 4.8, 3.9, 1.7, 4.4, 3.3, 2.9, 4.0, 3.7, 2.2];
    const [expected] = bootstrapMeansTogether([ratings], { seed: 3 });
    const { whole } = await bootstrapPanel({ personas: 12, items: 1, measures: 1, values: Float64Array.from(ratings) }, {}, { seed: 3 });
    const [interval] = whole.allItems;
    expect(interval!.estimate).toBe(expected!.estimate);
    expect(interval!.lower).toBeCloseTo(expected!.lower, 12);
    expect(interval!.upper).toBeCloseTo(expected!.upper, 12);
  });

  it('moves a persona’s answers together: two items answered alike give all items the interval of one', async () => {
    // Each persona gives both items the same value, so every resample's mean over all answers is its
    // mean over item 0: the interval of 2n answers is that of n personas, not of 2n independent answers.
    const twin = randomPanel(30, 1, 1, () => false);
    const values = new Float64Array(60);
    twin.values.forEach((x, i) => values.set([x, x], 2 * i));
    const { whole } = await bootstrapPanel({ personas: 30, items: 2, measures: 1, values }, {}, { seed: SEED });
    expect(whole.allItems[0]).toEqual({ ...whole.byItem[0]![0]!, n: 60 });
  });

  it('refuses a panel of the wrong size, an infinite value, a group naming an unknown persona and an unknown item', async () => {
    const values = new Float64Array(6);
    await expect(bootstrapPanel({ personas: 2, items: 2, measures: 2, values }, {}, { seed: 1 })).rejects.toThrow(/6 values, not 8/);
    await expect(
      bootstrapPanel({ personas: 1, items: 1, measures: 1, values: Float64Array.of(Infinity) }, {}, { seed: 1 }),
    ).rejects.toThrow(/infinite/);
    await expect(bootstrapPanel({ personas: 3, items: 1, measures: 2, values }, { groups: [[0, 3]] }, { seed: 1 })).rejects.toThrow(
      /group 0 names persona 3/,
    );
    await expect(
      bootstrapPanel({ personas: 3, items: 1, measures: 2, values }, { differences: [{ a: 0, b: 1, measure: 0 }] }, { seed: 1 }),
    ).rejects.toThrow(/no item 1 among 1/);
    await expect(bootstrapPanel({ personas: 3, items: 1, measures: 2, values }, {}, { seed: 1, resamples: 100 })).rejects.toThrow(
      /resamples/,
    );
  });
});
