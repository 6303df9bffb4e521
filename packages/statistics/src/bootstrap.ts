// Percentile bootstrap intervals: resample the panel's answers with replacement, recompute the
// statistic, and read the interval off the quantiles of the resampled statistics.
import { createSeededRandom } from './random.js';
import { isSmallSample } from './sample-size.js';

export const MIN_RESAMPLES = 2000;

export interface BootstrapOptions {
  /** The seed of the resampling; the same seed and sample give the same interval. */
  seed: number;
  /** At least 2,000; 2,000 by default. */
  resamples?: number;
  /** 0.95 by default. */
  confidence?: number;
}

export interface Interval {
  /** The statistic on the sample itself. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  resamples: number;
  /** The number of observations (pairs for a paired sample). */
  n: number;
  /** n < 30: too few answers to read much into the interval. */
  smallSample: boolean;
}

/**
 * The percentile bootstrap interval of any statistic of a sample of observations. The array passed
 * to `statistic` is reused from one resample to the next: copy it to keep it.
 */
export function bootstrapInterval<T>(
  sample: readonly T[],
  statistic: (resample: readonly T[]) => number,
  options: BootstrapOptions,
): Interval {
  const { resamples, confidence } = checkedOptions(options);
  if (sample.length === 0) throw new RangeError('a bootstrap needs at least one observation');
  const random = createSeededRandom(options.seed);
  const n = sample.length;
  const resample: T[] = new Array<T>(n);
  const statistics = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) resample[i] = sample[random.index(n)]!;
    statistics[b] = statistic(resample);
  }
  return percentileInterval(statistic(sample), statistics, n, resamples, confidence);
}

export function checkedOptions(options: BootstrapOptions): { resamples: number; confidence: number } {
  const resamples = options.resamples ?? MIN_RESAMPLES;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isSafeInteger(resamples) || resamples < MIN_RESAMPLES) {
    throw new RangeError(`resamples must be an integer ≥ ${MIN_RESAMPLES}, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return { resamples, confidence };
}

/** The interval read off the quantiles of the resampled statistics, which it reorders. */
export function percentileInterval(estimate: number, statistics: Float64Array, n: number, resamples: number, confidence: number): Interval {
  const alpha = 1 - confidence;
  const [lower, upper] = twoQuantiles(statistics, alpha / 2, 1 - alpha / 2);
  return {
    estimate,
    lower,
    upper,
    confidence,
    resamples,
    n,
    smallSample: isSmallSample(n),
  };
}

/** The interval of a mean (mean intent, SSR expected rating, or top-2-box as a mean of p4 + p5). */
export function bootstrapMean(values: readonly number[], options: BootstrapOptions): Interval {
  return bootstrapMeansTogether([values], options)[0]!;
}

/** The interval of a share: the proportion of `true` outcomes (e.g. intent ≥ 7). */
export function bootstrapProportion(outcomes: readonly boolean[], options: BootstrapOptions): Interval {
  return bootstrapMean(
    outcomes.map((outcome) => (outcome ? 1 : 0)),
    options,
  );
}

/**
 * The intervals of the means of several measures of the same observations (`columns[m][i]` is
 * measure m of observation i), from one set of resamples: each resample draws observations and
 * keeps an observation's measures together, so m intervals cost one set of draws instead of m.
 * Each interval is still the percentile bootstrap of its own mean. The resampled means are summed
 * straight from the draws, never building a resample: at 20,000 answers a session's intervals draw
 * about a billion indices, and the draws are the cost.
 */
export function bootstrapMeansTogether(columns: readonly (readonly number[])[], options: BootstrapOptions): Interval[] {
  const { resamples, confidence } = checkedOptions(options);
  const n = columns[0]?.length ?? 0;
  if (n === 0) throw new RangeError('a bootstrap needs at least one observation');
  columns.forEach((column, m) => {
    if (column.length !== n) throw new RangeError(`measure ${m} has ${column.length} observations, not ${n}`);
    assertFinite(column, `measure ${m}`);
  });
  const measures = columns.map((column) => Float64Array.from(column));
  const statistics = measures.map(() => new Float64Array(resamples));
  const drawn = new Uint32Array(n);
  const random = createSeededRandom(options.seed);
  for (let b = 0; b < resamples; b++) {
    random.fillIndices(n, drawn);
    for (let m = 0; m < measures.length; m++) {
      const values = measures[m]!;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[drawn[i]!]!;
      statistics[m]![b] = sum / n;
    }
  }
  return measures.map((values, m) => percentileInterval(mean(values), statistics[m]!, n, resamples, confidence));
}

/**
 * The interval of mean(a) − mean(b) for two products rated by the same panel: `a[i]` and `b[i]`
 * are one persona's answers, and a resample draws personas, keeping each pair together.
 */
export function bootstrapPairedMeanDifference(a: readonly number[], b: readonly number[], options: BootstrapOptions): Interval {
  return bootstrapMean(pairedDifferences(a, b), options);
}

/** a[i] − b[i], checking that both describe the same panel. */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} and ${b.length}`);
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  return a.map((x, i) => x - b[i]!);
}

/** The linear-interpolation quantile (numpy's default, Hyndman–Fan type 7) of sorted values. */
export function quantile(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) throw new RangeError('the quantile of nothing');
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  return interpolated(position, sorted[below]!, sorted[Math.min(below + 1, sorted.length - 1)]!);
}

/** Between the values at floor(position) and the next one up. */
function interpolated(position: number, low: number, high: number): number {
  // Equal neighbours give the value itself, so a degenerate interval stays exact.
  return low === high ? low : low + (position - Math.floor(position)) * (high - low);
}

/**
 * `quantile` of the sorted values at two probabilities (low ≤ high), found by selection rather than
 * a full sort: a session's intervals read some 750 sets of 2,000 resamples, and sorting them all
 * took longer than finding the four order statistics each needs. Reorders `values`. Values a sort
 * would order differently from `<` (NaN, −0 beside 0) take the sort.
 */
export function twoQuantiles(values: Float64Array, low: number, high: number): [number, number] {
  if (values.length === 0) throw new RangeError('the quantile of nothing');
  if (values.some((x) => Number.isNaN(x) || Object.is(x, -0))) {
    values.sort();
    return [quantile(values, low), quantile(values, high)];
  }
  const last = values.length - 1;
  const lowAt = last * low;
  const highAt = last * high;
  const lowBelow = Math.floor(lowAt);
  const highBelow = Math.floor(highAt);
  selectNth(values, lowBelow, 0, last);
  const lowQuantile = interpolated(lowAt, values[lowBelow]!, smallestFrom(values, lowBelow));
  // Every value after lowBelow is at least the one there: the next order statistics are among them.
  if (highBelow > lowBelow) selectNth(values, highBelow, lowBelow + 1, last);
  return [lowQuantile, interpolated(highAt, values[highBelow]!, smallestFrom(values, highBelow))];
}

/** Puts the k-th smallest of values[from..to] at k, smaller ones before it and larger ones after (Hoare's quickselect). */
function selectNth(values: Float64Array, k: number, from: number, to: number): void {
  let [lo, hi] = [from, to];
  while (hi > lo) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The order statistic after the k-th, once `selectNth` put it at k: the smallest value after k (k itself at the end). */
function smallestFrom(values: Float64Array, k: number): number {
  let smallest = values[Math.min(k + 1, values.length - 1)]!;
  for (let i = k + 2; i < values.length; i++) if (values[i]! < smallest) smallest = values[i]!;
  return smallest;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

function assertFinite(values: readonly number[], name: string): void {
  if (!values.every(Number.isFinite)) throw new RangeError(`${name} has a value that is not a finite number`);
}
