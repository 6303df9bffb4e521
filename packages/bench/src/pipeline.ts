// Pipeline efficiency (issue #7): the wall time of one feedback session (personas × products results)
// from POST /feedback-sessions to COMPLETED on the session's SSE stream, against the ideal
// ceil(results / C) × L + aggregation, where L is the fake provider's latency, C the gateway's
// concurrency, and aggregation the theme calls' time as the provider saw them in the same run.
import { startFeedbackPlatform } from './lib/feedback-platform.js';
import { aggregationMs, describePhases, ms, perSecond, ratioAgainst } from './lib/report.js';
import { describeMachine, loadAverage, runBenchmark } from './lib/run.js';
import { FEEDBACK_PREFETCH, GATEWAY_CONCURRENCY, SESSION_MAX_IN_FLIGHT } from './lib/service-defaults.js';
import { runSession } from './lib/session-run.js';
import { positiveInteger } from './lib/settings.js';

const RATIO_TARGET = 1.25;
const latencyMs = positiveInteger('BENCH_LATENCY_MS', 200);
const concurrency = positiveInteger('BENCH_GATEWAY_CONCURRENCY', GATEWAY_CONCURRENCY);
const prefetch = positiveInteger('BENCH_PREFETCH', FEEDBACK_PREFETCH);
const sessionWindow = positiveInteger('BENCH_SESSION_WINDOW', SESSION_MAX_IN_FLIGHT);
const personas = positiveInteger('BENCH_PERSONAS', 100);
const products = positiveInteger('BENCH_PRODUCTS', 2);
const results = personas * products;
const idealGenerationMs = Math.ceil(results / concurrency) * latencyMs;
/** A session far slower than ideal has gone wrong (or the machine is swamped): give up on it. */
const sessionTimeoutMs = 20 * idealGenerationMs + 60_000;
const STARTUP_BOUND_SECONDS = 180;

async function main(): Promise<void> {
  console.log(`Pipeline efficiency, ${describeMachine()}`);
  console.log(
    `L = ${latencyMs} ms, gateway C = ${concurrency}, FEEDBACK_PREFETCH = ${prefetch}, SESSION_MAX_IN_FLIGHT = ${sessionWindow}, ` +
      `one feedback-service instance (HTTP and consumers), ${personas} personas × ${products} products = ${results} results`,
  );
  const platform = await startFeedbackPlatform({
    latencyMs,
    gatewayConcurrency: concurrency,
    prefetch,
    sessionWindow,
    httpInstanceConsumes: true,
  });
  const seed = await platform.seed(products, personas);

  // A first, small session warms every process up (JIT, connection pools, queue declarations).
  const warmup = await runSession(platform, seed, { personas: Math.min(personas, concurrency), products: 1, timeoutMs: sessionTimeoutMs });
  console.log(`warm-up session: ${warmup.results} results in ${ms(warmup.wallMs)} (not counted)`);

  const run = await runSession(platform, seed, { personas, products, timeoutMs: sessionTimeoutMs });
  const aggregation = aggregationMs(run);
  const ideal = idealGenerationMs + aggregation;
  const ratio = run.wallMs / ideal;
  console.log(`\nsession ${run.sessionId}, ${run.results} results`);
  console.log(
    `  wall time, POST → COMPLETED on the SSE stream:    ${ms(run.wallMs)} (stored createdAt → completedAt: ${ms(run.storedMs)})`,
  );
  console.log(`  aggregation (theme calls, as the provider saw them): ${ms(aggregation)} (${run.probe.themes.calls} calls)`);
  console.log(`  ideal ceil(${results} / ${concurrency}) × ${latencyMs} ms + aggregation: ${ms(ideal)}`);
  console.log(`  ratio wall / ideal: ${ratioAgainst(ratio, { atMost: RATIO_TARGET })}`);
  console.log(
    `  throughput: ${perSecond(run.results, run.wallMs).toFixed(1)} results/s end to end; ` +
      `${perSecond(run.probe.feedback.calls, run.probe.feedback.lastEndMs - run.probe.feedback.firstStartMs).toFixed(1)} results/s ` +
      `during the feedback calls (provider bound C / L = ${((concurrency * 1_000) / latencyMs).toFixed(1)})`,
  );
  console.log(`  provider: at most ${run.probe.maxInFlight} calls in flight (gateway cap ${concurrency})`);
  console.log('  where the time went:');
  for (const phase of describePhases(run)) console.log(`    ${phase}`);
  console.log(`\nload average (1 min) at end: ${loadAverage()}`);
}

await runBenchmark('The pipeline benchmark', STARTUP_BOUND_SECONDS + (2 * sessionTimeoutMs) / 1_000, main);
