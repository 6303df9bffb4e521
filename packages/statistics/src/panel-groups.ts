// The resampling of a panel's groups of personas, each group from its own seeded generator, so a
// group's intervals do not depend on which thread resampled it: bootstrapPanel shares the groups
// between the calling thread and a helper thread (panel-bootstrap-worker.ts), both through
// `resampleGroups`.
import { type Interval, percentileInterval } from './bootstrap.js';
import type { ItemDifference, PanelAnswers, PanelGroupIntervals } from './panel-bootstrap.js';
import { createSeededRandom, type SeededRandom } from './random.js';

/** A group to resample: its personas, and the paired differences to read off its draws (the whole panel's). */
export interface GroupTask {
  members: Uint32Array;
  differences: readonly ItemDifference[];
}

/** What a thread needs to resample some of a panel's groups: plain data, so it can be posted to a worker. */
export interface GroupsJob {
  panel: PanelAnswers;
  tasks: readonly GroupTask[];
  seed: number;
  resamples: number;
  confidence: number;
}

export interface GroupResult {
  intervals: PanelGroupIntervals;
  /** The intervals of the task's differences; null where no persona has both values. */
  differences: (Interval | null)[];
}

/** Each task's intervals, in the order of the tasks. The panel and differences are checked (`checkPanel`, `checkDifference`). */
export function resampleGroups({ panel, tasks, seed, resamples, confidence }: GroupsJob): GroupResult[] {
  const layout = layoutOf(panel);
  return tasks.map(({ members, differences }) => {
    const plans = differences.map((difference) => differencePlan(panel, difference));
    const group = resampleGroup(layout, members, plans, seed, resamples);
    return {
      intervals: intervalsOf(layout, group, confidence),
      differences: plans.map((plan, d) =>
        plan.n === 0 ? null : percentileOfDefined(plan.estimate, group.differenceStatistics[d]!, plan.n, confidence),
      ),
    };
  });
}

export function checkPanel({ personas, items, measures, values }: PanelAnswers): void {
  const figures = items * measures;
  if (!Number.isSafeInteger(personas) || personas < 0 || !Number.isSafeInteger(figures) || figures < 1) {
    throw new RangeError(`a panel needs a persona count and at least one item and measure, got ${personas} × ${items} × ${measures}`);
  }
  if (values.length !== personas * figures) throw new RangeError(`the panel has ${values.length} values, not ${personas * figures}`);
  for (const value of values) {
    if (value === Infinity || value === -Infinity) throw new RangeError('the panel has an infinite value');
  }
}

export function checkDifference({ items, measures }: PanelAnswers, { a, b, measure }: ItemDifference): void {
  for (const item of [a, b]) {
    if (!Number.isSafeInteger(item) || item < 0 || item >= items) throw new RangeError(`no item ${item} among ${items}`);
  }
  if (!Number.isSafeInteger(measure) || measure < 0 || measure >= measures) throw new RangeError(`no measure ${measure} among ${measures}`);
}

interface Layout {
  panel: PanelAnswers;
  /** items × measures value columns, then the count columns. */
  width: number;
  rows: Float64Array;
  /** For figure f = item · measures + measure: the column counting the personas with a value, or −1 when all have one. */
  countColumn: Int32Array;
}

function layoutOf(panel: PanelAnswers): Layout {
  const { personas, items, measures, values } = panel;
  const figures = items * measures;
  const countColumn = new Int32Array(figures).fill(-1);
  const patterns: Uint8Array[] = [];
  for (let f = 0; f < figures; f++) {
    const pattern = Uint8Array.from({ length: personas }, (_, i) => (Number.isNaN(values[i * figures + f]!) ? 0 : 1));
    if (pattern.every((present) => present === 1)) continue;
    const same = patterns.findIndex((existing) => existing.every((present, i) => present === pattern[i]));
    countColumn[f] = figures + (same >= 0 ? same : patterns.push(pattern) - 1);
  }
  // Padded with zero columns to a multiple of 4 for the resampling loop.
  const width = Math.ceil((figures + patterns.length) / 4) * 4;
  const rows = new Float64Array(personas * width);
  for (let i = 0; i < personas; i++) {
    for (let f = 0; f < figures; f++) {
      const value = values[i * figures + f]!;
      rows[i * width + f] = Number.isNaN(value) ? 0 : value;
    }
    patterns.forEach((pattern, c) => (rows[i * width + figures + c] = pattern[i]!));
  }
  return { panel, width, rows, countColumn };
}

/** What a difference needs besides the item sums: the personas with a value on one side only. */
interface DifferencePlan {
  figureA: number;
  figureB: number;
  onlyA: Uint32Array;
  onlyB: Uint32Array;
  estimate: number;
  n: number;
}

function differencePlan(panel: PanelAnswers, { a, b, measure }: ItemDifference): DifferencePlan {
  const { personas, items, measures, values } = panel;
  const figureA = a * measures + measure;
  const figureB = b * measures + measure;
  const onlyA: number[] = [];
  const onlyB: number[] = [];
  let sum = 0;
  let n = 0;
  for (let i = 0; i < personas; i++) {
    const valueA = values[i * items * measures + figureA]!;
    const valueB = values[i * items * measures + figureB]!;
    if (Number.isNaN(valueA)) {
      if (!Number.isNaN(valueB)) onlyB.push(i);
    } else if (Number.isNaN(valueB)) onlyA.push(i);
    else {
      sum += valueA - valueB;
      n += 1;
    }
  }
  return { figureA, figureB, onlyA: Uint32Array.from(onlyA), onlyB: Uint32Array.from(onlyB), estimate: sum / n, n };
}

interface ResampledGroup {
  members: Uint32Array;
  /** Per figure, then per measure for all items together: the resampled means, NaN where undefined. */
  statistics: Float64Array[];
  differenceStatistics: Float64Array[];
}

function resampleGroup(
  layout: Layout,
  members: Uint32Array,
  differences: readonly DifferencePlan[],
  seed: number,
  resamples: number,
): ResampledGroup {
  const { panel, width, rows } = layout;
  const figures = panel.items * panel.measures;
  const statistics = Array.from({ length: figures + panel.measures }, () => new Float64Array(resamples));
  const differenceStatistics = differences.map(() => new Float64Array(resamples));
  const n = members.length;
  if (n === 0) return { members, statistics, differenceStatistics };
  const random: SeededRandom = createSeededRandom(seed);
  const drawn = new Uint32Array(n);
  const sums = new Float64Array(width);
  const times = new Uint32Array(panel.personas);
  for (let b = 0; b < resamples; b++) {
    random.fillIndices(n, drawn);
    times.fill(0);
    for (let j = 0; j < n; j++) times[members[drawn[j]!]!]! += 1;
    sums.fill(0);
    // Each drawn persona's row times how often it was drawn, four columns at a time (the width is a
    // multiple of 4): about a third of the personas are not drawn, and this loop is the whole cost.
    for (let j = 0; j < n; j++) {
      const i = members[j]!;
      const weight = times[i]!;
      if (weight === 0) continue;
      const base = i * width;
      for (let c = 0; c < width; c += 4) {
        sums[c]! += weight * rows[base + c]!;
        sums[c + 1]! += weight * rows[base + c + 1]!;
        sums[c + 2]! += weight * rows[base + c + 2]!;
        sums[c + 3]! += weight * rows[base + c + 3]!;
      }
    }
    recordMeans(layout, sums, n, statistics, b);
    differences.forEach((plan, d) => (differenceStatistics[d]![b] = resampledDifference(layout, plan, sums, n, times)));
  }
  return { members, statistics, differenceStatistics };
}

const countOf = (layout: Layout, sums: Float64Array, figure: number, drawn: number) => {
  const column = layout.countColumn[figure]!;
  return column < 0 ? drawn : sums[column]!;
};

function recordMeans(layout: Layout, sums: Float64Array, drawn: number, statistics: Float64Array[], b: number): void {
  const { items, measures } = layout.panel;
  for (let m = 0; m < measures; m++) {
    let allSum = 0;
    let allCount = 0;
    for (let k = 0; k < items; k++) {
      const f = k * measures + m;
      const count = countOf(layout, sums, f, drawn);
      statistics[f]![b] = count > 0 ? sums[f]! / count : Number.NaN;
      allSum += sums[f]!;
      allCount += count;
    }
    statistics[items * measures + m]![b] = allCount > 0 ? allSum / allCount : Number.NaN;
  }
}

/** Σ (a − b) / pairs over the drawn personas with both values: the item sums less the one-sided personas. */
function resampledDifference(layout: Layout, plan: DifferencePlan, sums: Float64Array, drawn: number, times: Uint32Array): number {
  const { rows, width } = layout;
  let sumA = sums[plan.figureA]!;
  let sumB = sums[plan.figureB]!;
  let pairs = countOf(layout, sums, plan.figureA, drawn);
  for (const i of plan.onlyA) {
    sumA -= times[i]! * rows[i * width + plan.figureA]!;
    pairs -= times[i]!;
  }
  for (const i of plan.onlyB) sumB -= times[i]! * rows[i * width + plan.figureB]!;
  return pairs > 0 ? (sumA - sumB) / pairs : Number.NaN;
}

function intervalsOf(layout: Layout, group: ResampledGroup, confidence: number): PanelGroupIntervals {
  const { items, measures, values } = layout.panel;
  const figures = items * measures;
  const sums = new Float64Array(figures + measures);
  const counts = new Float64Array(figures + measures);
  // Each persona's values in order, as a plain mean of the group's values would add them.
  for (const i of group.members) {
    for (let f = 0; f < figures; f++) {
      const value = values[i * figures + f]!;
      if (Number.isNaN(value)) continue;
      sums[f]! += value;
      counts[f]! += 1;
      sums[figures + (f % measures)]! += value;
      counts[figures + (f % measures)]! += 1;
    }
  }
  const interval = (f: number) =>
    counts[f] === 0 ? null : percentileOfDefined(sums[f]! / counts[f]!, group.statistics[f]!, counts[f]!, confidence);
  return {
    byItem: Array.from({ length: items }, (_, k) => Array.from({ length: measures }, (_, m) => interval(k * measures + m))),
    allItems: Array.from({ length: measures }, (_, m) => interval(figures + m)),
  };
}

/** The interval read off the resamples that have the statistic (NaN marks those that do not). */
function percentileOfDefined(estimate: number, statistics: Float64Array, n: number, confidence: number): Interval {
  let defined = 0;
  for (const statistic of statistics) if (!Number.isNaN(statistic)) statistics[defined++] = statistic;
  // Every resample missing a figure that some persona has: possible in principle, never seen in practice.
  if (defined === 0) return percentileInterval(estimate, Float64Array.of(estimate), n, 0, confidence);
  return percentileInterval(estimate, statistics.subarray(0, defined), n, defined, confidence);
}
