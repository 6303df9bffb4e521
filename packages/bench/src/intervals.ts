// Intervals at scale (issue 17): the bootstrap intervals a 20,000-result session's insights compute
// (per product and overall, each also per segment dimension: intent, likely-buyer share, SSR rating
// and top-2-box) by the path the service uses (`bootstrapMeansTogether`: one set of draws for the
// four measures, means summed straight from the draws) against the generic bootstrap
// (`bootstrapInterval`: a resample array and a statistic callback per measure) as the baseline of
// the same run. Both make the same draws, so the intervals must come out equal; the script checks.
import { bootstrapInterval, bootstrapMeansTogether, type Interval } from '@persona-lab/statistics';

import { describeMachine, runBenchmark } from './lib/run.js';
import { positiveInteger } from './lib/settings.js';

const personas = positiveInteger('BENCH_PERSONAS', 2_000);
const products = positiveInteger('BENCH_PRODUCTS', 10);
const SEGMENT_SIZES = [2, 6, 3, 3]; // gender, age group, country, income level
const SEED = 42;

interface Answer {
  product: number;
  persona: number;
  measures: number[];
}

function panel(): Answer[] {
  let state = 12_345;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const answers: Answer[] = [];
  for (let persona = 0; persona < personas; persona++) {
    for (let product = 0; product < products; product++) {
      const intent = 1 + Math.floor(next() * 10);
      const pmf = Array.from({ length: 5 }, next);
      const total = pmf.reduce((a, b) => a + b, 0);
      const rating = pmf.reduce((sum, p, i) => sum + (p / total) * (i + 1), 0);
      answers.push({ product, persona, measures: [intent, intent >= 7 ? 1 : 0, rating, (pmf[3]! + pmf[4]!) / total] });
    }
  }
  return answers;
}

/** Every group the insights bootstrap: each product and all of them, each whole and by each segment dimension. */
function groups(answers: Answer[]): Answer[][] {
  const levels = [...Array.from({ length: products }, (_, p) => answers.filter((a) => a.product === p)), answers];
  return levels.flatMap((level) => [
    level,
    ...SEGMENT_SIZES.flatMap((size) => Array.from({ length: size }, (_, value) => level.filter((a) => a.persona % size === value))),
  ]);
}

const columnsOf = (group: Answer[]) => [0, 1, 2, 3].map((m) => group.map((a) => a.measures[m]!));
const mean = (values: readonly number[]) => {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
};

function timed<T>(run: () => T): { value: T; ms: number } {
  const startedAt = performance.now();
  const value = run();
  return { value, ms: performance.now() - startedAt };
}

async function main(): Promise<void> {
  console.log(`Intervals at scale, ${describeMachine()}`);
  const all = groups(panel());
  const draws = all.reduce((sum, group) => sum + group.length, 0) * 2_000;
  console.log(
    `${personas} personas × ${products} products: ${all.length} groups, 4 measures each, 2,000 resamples (${(draws / 1e6).toFixed(0)} M draws per measure set)`,
  );

  const service = timed(() => all.map((group) => bootstrapMeansTogether(columnsOf(group), { seed: SEED })));
  const generic = timed(() => all.map((group) => columnsOf(group).map((column) => bootstrapInterval(column, mean, { seed: SEED }))));
  const same = service.value.every((intervals, g) =>
    intervals.every((interval: Interval, m) => sameInterval(interval, generic.value[g]![m]!)),
  );
  if (!same) throw new Error('the two paths gave different intervals');

  console.log('');
  console.log('| path | time | ratio to the generic bootstrap |');
  console.log('|---|---:|---:|');
  console.log(`| generic bootstrapInterval, per measure (baseline) | ${(generic.ms / 1000).toFixed(2)} s | 1.00 |`);
  console.log(`| bootstrapMeansTogether, the service's | ${(service.ms / 1000).toFixed(2)} s | ${(service.ms / generic.ms).toFixed(2)} |`);
  console.log('\nBoth paths gave the same intervals for every group and measure.');
}

function sameInterval(a: Interval, b: Interval): boolean {
  return Math.abs(a.lower - b.lower) < 1e-9 && Math.abs(a.upper - b.upper) < 1e-9 && Math.abs(a.estimate - b.estimate) < 1e-9;
}

await runBenchmark('bench:intervals', 900, main);
