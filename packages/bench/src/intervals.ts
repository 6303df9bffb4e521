// Intervals at scale (issue 17): every bootstrap a 2,000-persona × 10-product session's insights
// compute (per product and all products together, each whole and per segment value: intent,
// likely-buyer share, SSR rating and top-2-box; every pair of products compared on intent and SSR
// rating, with the Wilcoxon test) by the service's path, `bootstrapPanel` (the persona as the
// sampling unit: one set of draws per group of personas serves every figure), against the path
// before it as the baseline of the same run: one `bootstrapMeansTogether` per group and one
// `comparePaired` per pair and measure. On a panel where everyone answered, every product's and
// every pair's interval must come out the same from both (the same draws); the script checks. The
// figure of all products together differs on purpose: the panel path resamples personas (a
// cluster bootstrap), the baseline resampled 20,000 answers as if independent; both are printed.
// Then the service's path with the bootstrap's groups shared with a helper thread, started for the call
// or 300 ms ahead (as the feedback-service runs a large session: before it reads the panel), against the
// same on the calling thread alone, BENCH_ROUNDS rounds alternating: the wall and CPU time of each (CPU
// of the whole process, both threads, the helper's start included) and their ratios; the intervals must
// be identical. `bench:intervals` runs the statistics package's source (its helper thread then loads
// tsx too), `bench:intervals:dist` its build, as the services run it (build it first).
import {
  bootstrapMeansTogether,
  bootstrapPanel,
  comparePaired,
  type HelperThread,
  type Interval,
  type ItemDifference,
  startPanelHelperThread,
  wilcoxonSignedRank,
} from '@persona-lab/statistics';

import { describeMachine, loadAverage, runBenchmark } from './lib/run.js';
import { positiveInteger } from './lib/settings.js';

const personas = positiveInteger('BENCH_PERSONAS', 2_000);
const products = positiveInteger('BENCH_PRODUCTS', 10);
const SEGMENT_SIZES = [2, 6, 3, 3]; // gender, age group, country, income level
const MEASURES = 4; // intent, likely buyer, SSR rating, top-2-box
const SEED = 42;
const rounds = positiveInteger('BENCH_ROUNDS', 3);
/** How long before the call a helper thread started ahead is started: the feedback-service starts it before it reads the panel. */
const HELPER_LEAD_MS = 300;

/** `values[(persona · products + product) · 4 + measure]`, with a persona effect so that a persona's answers correlate. */
function panel(): Float64Array {
  let state = 12_345;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const values = new Float64Array(personas * products * MEASURES);
  for (let persona = 0; persona < personas; persona++) {
    const leaning = Math.floor(next() * 5);
    for (let product = 0; product < products; product++) {
      const intent = 1 + leaning + Math.floor(next() * 6);
      const pmf = Array.from({ length: 5 }, next);
      const total = pmf.reduce((a, b) => a + b, 0);
      const rating = pmf.reduce((sum, p, i) => sum + (p / total) * (i + 1), 0);
      values.set([intent, intent >= 7 ? 1 : 0, rating, (pmf[3]! + pmf[4]!) / total], (persona * products + product) * MEASURES);
    }
  }
  return values;
}

const segmentsOf = (members: number[]) =>
  SEGMENT_SIZES.flatMap((size) => Array.from({ length: size }, (_, value) => members.filter((persona) => persona % size === value)));
const everyone = Array.from({ length: personas }, (_, i) => i);
const pairs = Array.from({ length: products }, (_, a) =>
  Array.from({ length: products - a - 1 }, (_, j) => [a, a + 1 + j] as const),
).flat();

/** The path before: each product and all products, whole and per segment, and each pair and measure, bootstrapped on its own. */
function baseline(values: Float64Array) {
  const column = (members: number[], items: number[], m: number) =>
    members.flatMap((i) => items.map((k) => values[(i * products + k) * MEASURES + m]!));
  const levels = [...Array.from({ length: products }, (_, k) => [k]), Array.from({ length: products }, (_, k) => k)];
  const groups = levels.map((items) =>
    [everyone, ...segmentsOf(everyone)].map((members) =>
      bootstrapMeansTogether(
        [0, 1, 2, 3].map((m) => column(members, items, m)),
        { seed: SEED },
      ),
    ),
  );
  const comparisons = pairs.flatMap(([a, b]) =>
    [0, 2].map((m) => comparePaired(column(everyone, [a], m), column(everyone, [b], m), { seed: SEED })),
  );
  return { groups, comparisons };
}

/** The service's path: one panel bootstrap, then the paired tests. */
async function panelPath(values: Float64Array, helperThread: boolean | HelperThread) {
  const differences: ItemDifference[] = pairs.flatMap(([a, b]) => [0, 2].map((measure) => ({ a, b, measure })));
  const intervals = await bootstrapPanel(
    { personas, items: products, measures: MEASURES, values },
    { groups: segmentsOf(everyone), differences },
    { seed: SEED, helperThread },
  );
  const column = (k: number, m: number) => everyone.map((i) => values[(i * products + k) * MEASURES + m]!);
  const tests = differences.map(({ a, b, measure }) => wilcoxonSignedRank(column(a, measure), column(b, measure)));
  return { intervals, tests };
}

/** Wall time, and the CPU time of this process (every thread), which other work on the machine moves less. */
async function timed<T>(run: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  const value = await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { value, ms: performance.now() - startedAt, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function sameInterval(a: Interval | null, b: Interval): boolean {
  return a !== null && Math.abs(a.lower - b.lower) < 1e-9 && Math.abs(a.upper - b.upper) < 1e-9 && Math.abs(a.estimate - b.estimate) < 1e-9;
}

const show = (interval: Interval) => `${interval.estimate.toFixed(3)} [${interval.lower.toFixed(3)}, ${interval.upper.toFixed(3)}]`;

async function main(): Promise<void> {
  const statistics = import.meta.resolve('@persona-lab/statistics').includes('/dist/') ? 'dist' : 'source';
  console.log(`Intervals at scale, ${describeMachine()}, @persona-lab/statistics from ${statistics}`);
  const values = panel();
  console.log(
    `${personas} personas × ${products} products: each product and all together, whole and per ${SEGMENT_SIZES.reduce((a, b) => a + b)} segment values, 4 measures; ${pairs.length} pairs × 2 measures; 2,000 resamples`,
  );

  const before = await timed(() => baseline(values));
  const loadBetween = loadAverage();
  const after = await timed(() => panelPath(values, false));

  const { intervals } = after.value;
  const productsAgree = before.value.groups.slice(0, products).every((level, k) =>
    level.every((group, g) => {
      const panelGroup = g === 0 ? intervals.whole : intervals.groups[g - 1]!;
      return group.every((interval, m) => sameInterval(panelGroup.byItem[k]![m]!, interval));
    }),
  );
  const pairsAgree = before.value.comparisons.every(
    (comparison, d) =>
      sameInterval(intervals.differences[d]!, comparison.difference) && comparison.test.pValue === after.value.tests[d]!.pValue,
  );
  if (!productsAgree || !pairsAgree) throw new Error('the two paths gave different intervals for a product or a pair');

  console.log('');
  console.log('| path | wall time | CPU time | ratio to the baseline (wall, CPU) |');
  console.log('|---|---:|---:|---:|');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `| one bootstrap per group, pair and measure (the path before; baseline) | ${seconds(before.ms)} | ${seconds(before.cpuMs)} | 1.00, 1.00 |`,
  );
  console.log(
    `| bootstrapPanel + Wilcoxon tests, the service's | ${seconds(after.ms)} | ${seconds(after.cpuMs)} | ${(after.ms / before.ms).toFixed(2)}, ${(after.cpuMs / before.cpuMs).toFixed(2)} |`,
  );
  console.log(`\nLoad average (1 min): ${loadBetween} between the two, ${loadAverage()} at the end.`);
  await threadsAgainstOne(values, JSON.stringify(intervals));
  console.log('Every product, segment of a product and pair got the same interval from both paths.');
  const pooled = before.value.groups[products]![0]![0]!;
  const clustered = intervals.whole.allItems[0]!;
  console.log(
    `Mean intent of all products together: answers resampled as independent ${show(pooled)}; personas resampled (the service's) ${show(clustered)}: ` +
      `${((clustered.upper - clustered.lower) / (pooled.upper - pooled.lower)).toFixed(2)} × as wide, since a persona's answers correlate.`,
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The path with a helper thread started ahead, as the feedback-service runs a large session: wall time
 * from the call, CPU time from the helper's start (its start and module loading included).
 */
async function withHelperAhead(values: Float64Array) {
  const cpuBefore = process.cpuUsage();
  const helperThread = startPanelHelperThread();
  await new Promise((resolve) => setTimeout(resolve, HELPER_LEAD_MS));
  const run = await timed(() => panelPath(values, helperThread));
  const cpu = process.cpuUsage(cpuBefore);
  return { ...run, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The service's path with a helper thread (started for the call, or ahead) against the calling thread alone, alternating. */
async function threadsAgainstOne(values: Float64Array, expected: string): Promise<void> {
  type Run = { ms: number; cpuMs: number };
  const alone: Run[] = [];
  const shared: Run[] = [];
  const ahead: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    const one = await timed(() => panelPath(values, false));
    const two = await timed(() => panelPath(values, true));
    const three = await withHelperAhead(values);
    if ([one, two, three].some((run) => JSON.stringify(run.value.intervals) !== expected)) {
      throw new Error('the helper thread changed the intervals');
    }
    alone.push(one);
    shared.push(two);
    ahead.push(three);
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const row = (name: string, runs: Run[]) =>
    `| ${name} | ${runs.map(({ ms }) => seconds(ms)).join(', ')} | ${runs.map(({ cpuMs }) => seconds(cpuMs)).join(', ')} |`;
  console.log(`\nThe service's path, ${rounds} rounds alternating (CPU of the process, both threads):\n`);
  console.log('| bootstrapPanel + Wilcoxon tests | wall time | CPU time |');
  console.log('|---|---:|---:|');
  console.log(row('on the calling thread alone', alone));
  console.log(row('groups shared with a helper thread started for the call', shared));
  console.log(row(`groups shared with a helper thread started ${HELPER_LEAD_MS} ms ahead (the service's large sessions)`, ahead));
  console.log('');
  const ratio = (runs: Run[], pick: (run: Run) => number) => (median(runs.map(pick)) / median(alone.map(pick))).toFixed(2);
  for (const [name, runs] of [
    ['started for the call', shared],
    ['started ahead', ahead],
  ] as const) {
    console.log(`Shared (${name}) / alone, medians: wall ${ratio(runs, ({ ms }) => ms)}, CPU ${ratio(runs, ({ cpuMs }) => cpuMs)}.`);
  }
  console.log('Identical intervals in every run.');
  console.log(`Load average (1 min) at the end: ${loadAverage()}.`);
}

await runBenchmark('bench:intervals', 900, main);
