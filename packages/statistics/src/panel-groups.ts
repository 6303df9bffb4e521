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
  // Padded with a zero column to an even count: the resampling adds up two columns at a time.
  const width = Math.ceil((figures + patterns.length) / 2) * 2;
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

/**
 * Resamples at a time: each reads a group's columns once for four resamples' sums, whose running
 * totals then stay in registers (see `weightedSums`).
 */
const BLOCK = 4;

function resampleGroup(
  layout: Layout,
  members: Uint32Array,
  differences: readonly DifferencePlan[],
  seed: number,
  resamples: number,
): ResampledGroup {
  const { panel, width } = layout;
  const figures = panel.items * panel.measures;
  const statistics = Array.from({ length: figures + panel.measures }, () => new Float64Array(resamples));
  const differenceStatistics = differences.map(() => new Float64Array(resamples));
  const n = members.length;
  if (n === 0) return { members, statistics, differenceStatistics };
  const random: SeededRandom = createSeededRandom(seed);
  const columns = columnsOf(layout, members);
  const drawn = new Uint32Array(n);
  // Per resample of a block: how often it drew each member (a draw picks a place in `members`, so a
  // persona listed twice is two members), its sums, and for the differences how often it drew each persona.
  const weights = Array.from({ length: BLOCK }, () => new Float64Array(n));
  const sums = Array.from({ length: BLOCK }, () => new Float64Array(width));
  const times = differences.length === 0 ? [] : Array.from({ length: BLOCK }, () => new Float64Array(panel.personas));
  for (let first = 0; first < resamples; first += BLOCK) {
    // The last block may hold fewer resamples: the rest keep weights of 0 and are not recorded.
    const block = Math.min(BLOCK, resamples - first);
    for (let k = 0; k < BLOCK; k++) weights[k]!.fill(0);
    for (let k = 0; k < block; k++) {
      const weight = weights[k]!;
      random.fillIndices(n, drawn);
      for (let j = 0; j < n; j++) weight[drawn[j]!]! += 1;
      const counted = times[k];
      if (counted === undefined) continue;
      counted.fill(0);
      for (let j = 0; j < n; j++) counted[members[j]!]! += weight[j]!;
    }
    weightedSums(columns, n, width, weights, sums);
    for (let k = 0; k < block; k++) {
      recordMeans(layout, sums[k]!, n, statistics, first + k);
      differences.forEach((plan, d) => (differenceStatistics[d]![first + k] = resampledDifference(layout, plan, sums[k]!, n, times[k]!)));
    }
  }
  return { members, statistics, differenceStatistics };
}

/** The group's rows as columns, `columns[c · n + j]` for its j-th member: a column is then read straight through. */
function columnsOf({ rows, width }: Layout, members: Uint32Array): Float64Array {
  const n = members.length;
  const columns = new Float64Array(width * n);
  members.forEach((persona, j) => {
    for (let c = 0; c < width; c++) columns[c * n + j] = rows[persona * width + c]!;
  });
  return columns;
}

/**
 * Each of a block's four resamples' sums of every column, `sums[k][c] = Σ_j weights[k][j] · columns[c · n + j]`:
 * two columns at a time, the eight running totals in local variables. Every member is counted, drawn or not
 * (a weight of 0 adds 0, which leaves a sum as it was), and in member order: each sum is the one adding only
 * the drawn members' rows in that order would give, bit for bit. About twice the speed of that per value
 * added (the totals no longer go through memory), though it adds the third of the members not drawn too.
 */
function weightedSums(columns: Float64Array, n: number, width: number, weights: Float64Array[], sums: Float64Array[]): void {
  const [w0, w1, w2, w3] = weights as [Float64Array, Float64Array, Float64Array, Float64Array];
  const [s0, s1, s2, s3] = sums as [Float64Array, Float64Array, Float64Array, Float64Array];
  for (let c = 0; c < width; c += 2) {
    const base = c * n;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let j = 0; j < n; j++) {
      const value = columns[base + j]!;
      const next = columns[base + n + j]!;
      const x0 = w0[j]!;
      const x1 = w1[j]!;
      const x2 = w2[j]!;
      const x3 = w3[j]!;
      a0 += x0 * value;
      a1 += x1 * value;
      a2 += x2 * value;
      a3 += x3 * value;
      b0 += x0 * next;
      b1 += x1 * next;
      b2 += x2 * next;
      b3 += x3 * next;
    }
    s0[c] = a0;
    s1[c] = a1;
    s2[c] = a2;
    s3[c] = a3;
    s0[c + 1] = b0;
    s1[c + 1] = b1;
    s2[c + 1] = b2;
    s3[c + 1] = b3;
  }
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
function resampledDifference(layout: Layout, plan: DifferencePlan, sums: Float64Array, drawn: number, times: Float64Array): number {
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
