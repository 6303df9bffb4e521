// Scale-out (issue #7): the same session with 1, 2 and 4 consumer-only feedback-service instances in
// front of ONE ai-gateway. Each instance works on FEEDBACK_PREFETCH = P tasks at once, the gateway on
// C provider calls at once, so throughput should grow as n × P / L until n × P reaches C, where the
// provider limit binds at C / L.
//
// Why one gateway: C stands for the provider's limit (a rate limit of the account), which does not
// grow when more feedback-service instances start. One gateway per instance would multiply it by n,
// and the benchmark would show the fake provider scaling, not where the real limit stops the pipeline.
import { startFeedbackPlatform } from './lib/feedback-platform.js';
import { aggregationMs, ms, perSecond } from './lib/report.js';
import { describeMachine, loadAverage, runBenchmark } from './lib/run.js';
import { runSession } from './lib/session-run.js';
import { positiveInteger } from './lib/settings.js';

const latencyMs = positiveInteger('BENCH_LATENCY_MS', 200);
const concurrency = positiveInteger('BENCH_GATEWAY_CONCURRENCY', 16);
/** Half of C by default, so one instance cannot reach the provider limit and two just can. */
const prefetch = positiveInteger('BENCH_PREFETCH', Math.max(1, Math.floor(concurrency / 2)));
const personas = positiveInteger('BENCH_PERSONAS', 100);
const products = positiveInteger('BENCH_PRODUCTS', 2);
const instanceCounts = (process.env.BENCH_INSTANCES ?? '1,2,4').split(',').map(Number);
if (instanceCounts.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= instanceCounts[i - 1]!))) {
  throw new Error(`BENCH_INSTANCES must be increasing positive integers, e.g. 1,2,4 (got ${process.env.BENCH_INSTANCES})`);
}
const results = personas * products;
const slowestSessionMs = Math.ceil(results / Math.min(prefetch, concurrency)) * latencyMs;
const sessionTimeoutMs = 20 * slowestSessionMs + 60_000;

/** Results per second the provider limit allows with n instances: min(n × P, C) calls at once, each taking L. */
const boundFor = (instances: number) => (Math.min(instances * prefetch, concurrency) * 1_000) / latencyMs;

async function main(): Promise<void> {
  console.log(`Scale-out, ${describeMachine()}`);
  console.log(
    `L = ${latencyMs} ms, one ai-gateway with C = ${concurrency}, FEEDBACK_PREFETCH P = ${prefetch} per instance, ` +
      `${personas} personas × ${products} products = ${results} results per session`,
  );
  console.log(
    'One gateway for every instance: its C stands for the provider limit, which more feedback-service instances do not raise. ' +
      'A separate HTTP-only instance takes the POST and serves the SSE stream.',
  );
  const platform = await startFeedbackPlatform({ latencyMs, gatewayConcurrency: concurrency, prefetch, httpInstanceConsumes: false });
  const seed = await platform.seed(products, personas);

  const rows: {
    instances: number;
    wallMs: number;
    rate: number;
    feedbackRate: number;
    bound: number;
    maxInFlight: number;
    aggregation: number;
  }[] = [];
  for (const instances of instanceCounts) {
    while (platform.consumers.length < instances) await platform.addConsumer();
    // Warms the new instances up (JIT, pools) before the measured session.
    await runSession(platform, seed, { personas: Math.min(personas, 2 * concurrency), products: 1, timeoutMs: sessionTimeoutMs });
    const run = await runSession(platform, seed, { personas, products, timeoutMs: sessionTimeoutMs });
    const { feedback } = run.probe;
    rows.push({
      instances,
      wallMs: run.wallMs,
      rate: perSecond(run.results, run.wallMs),
      feedbackRate: perSecond(feedback.calls, feedback.lastEndMs - feedback.firstStartMs),
      bound: boundFor(instances),
      maxInFlight: run.probe.maxInFlight,
      aggregation: aggregationMs(run),
    });
    console.log(`  ${instances} instance(s): ${ms(run.wallMs)}, load average ${loadAverage()}`);
  }

  console.log(
    '\ninstances | wall time | ideal wall | wall / ideal | results/s end to end | results/s in feedback phase | bound min(n×P, C)/L | max in flight',
  );
  for (const row of rows) {
    const ideal = Math.ceil(results / Math.min(row.instances * prefetch, concurrency)) * latencyMs + row.aggregation;
    console.log(
      [
        String(row.instances).padStart(9),
        ms(row.wallMs).padStart(9),
        ms(ideal).padStart(10),
        (row.wallMs / ideal).toFixed(2).padStart(12),
        row.rate.toFixed(1).padStart(20),
        row.feedbackRate.toFixed(1).padStart(27),
        row.bound.toFixed(1).padStart(19),
        String(row.maxInFlight).padStart(13),
      ].join(' | '),
    );
  }
  console.log("(ideal wall = ceil(results / min(n×P, C)) × L + that session's aggregation, as in bench:pipeline)");
  const first = rows[0]!;
  for (const row of rows.slice(1)) {
    console.log(
      `${row.instances} vs ${first.instances} instance(s): × ${(row.rate / first.rate).toFixed(2)} end to end (the bound allows × ${(row.bound / first.bound).toFixed(2)})`,
    );
  }
  const bindsAt = Math.ceil(concurrency / prefetch);
  console.log(
    `The provider limit binds from n × P >= C, i.e. n >= ${bindsAt} instance(s): beyond that more instances only queue calls at the gateway ` +
      `(at most ${concurrency} in flight).`,
  );
  console.log(`\nload average (1 min) at end: ${loadAverage()}`);
}

const STARTUP_BOUND_SECONDS = 240;
await runBenchmark('The scale-out benchmark', STARTUP_BOUND_SECONDS + (instanceCounts.length * 2 * sessionTimeoutMs) / 1_000, main);
