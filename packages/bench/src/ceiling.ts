// The platform ceiling (issue #17): results per second of one feedback-service instance with a
// provider that answers at once, against a bare amqplib + pg baseline doing the same broker and
// database work per result (consume, claim, store, ack) on the same rows, in the same run. Both
// rates are read the same way, from the stored `completed_at` of the session's results: results
// between the first and the last completion, so the session's start and its insights are left out.
// Both are measured warm, after a pass of their own over another session as large: a ceiling is a
// rate a running platform keeps. After a warm-up of 64 results the platform's rate was still
// climbing through the measured pass (535, 749, 962 results/s in its thirds), and the baseline had none.
// Where the difference goes: each pass's CPU seconds per 1,000 results in every process taking part.

import type { StartFeedbackSessionResponse } from '@persona-lab/contracts';

import { runBaseline } from './ceiling-baseline.js';
import { type FeedbackPlatform, platformProcessGroups, startFeedbackPlatform } from './lib/feedback-platform.js';
import { requestJson } from './lib/http.js';
import { startRoundTripCounter } from './lib/pg-round-trips.js';
import { type CpuReading, startCpuMeter } from './lib/process-cpu.js';
import { ms, ratioAgainst } from './lib/report.js';
import { describeMachine, loadAverage, onCleanup, runBenchmark } from './lib/run.js';
import { FEEDBACK_PREFETCH, GATEWAY_CONCURRENCY, SESSION_MAX_IN_FLIGHT } from './lib/service-defaults.js';
import { positiveInteger } from './lib/settings.js';
import { describeWrites, readTableWrites } from './lib/table-writes.js';

const RATIO_TARGET = 0.5;
/** feedback-service `DATABASE_POOL_SIZE` (packages/service-kit/src/config.ts): the baseline's pool. */
const DATABASE_POOL_SIZE = 10;
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const personas = positiveInteger('BENCH_PERSONAS', 1_000);
const products = positiveInteger('BENCH_PRODUCTS', 4);
const prefetch = positiveInteger('BENCH_PREFETCH', FEEDBACK_PREFETCH);
/**
 * Products of the warm-up session (not counted; every persona), products of its own so that no
 * measured pair was answered before (its statement's embedding would be a cache hit); then the
 * baseline over it. As large as the measured session by default: V8 takes some 5,000 calls to finish
 * optimising the gateway's path (apps/ai-gateway/bench/overhead.ts).
 */
const warmupProducts = positiveInteger('BENCH_WARMUP_PRODUCTS', products);
/**
 * Route feedback-service's and the ai-gateway's database connections through counters of round trips
 * (adds a hop: rates are lower), and read the results table's updates and HOT share (adds a wait for
 * the statistics).
 */
const countRoundTrips = process.env.BENCH_COUNT_ROUND_TRIPS === 'true';
/** BENCH_GATEWAY_CACHE=false runs the gateway without its response cache, to see what the cache costs. */
const gatewayCache = process.env.BENCH_GATEWAY_CACHE !== 'false';
const results = personas * products;
const SESSION_TIMEOUT_MS = 10 * 60_000;
const POLL_INTERVAL_MS = 250;

/**
 * Results per second between the session's first and last stored completion, and in each third of
 * that span (a rate still climbing in its last third was not measured warm).
 */
async function completionRate(platform: FeedbackPlatform, sessionId: string) {
  const [row] = await platform.db.$queryRaw<{ n: bigint; first: Date; last: Date }[]>`
    SELECT count(*) AS n, min(completed_at) AS first, max(completed_at) AS last
    FROM feedback_results WHERE session_id = ${sessionId}::uuid AND status = 'COMPLETED'`;
  const n = Number(row!.n);
  const spanMs = row!.last.getTime() - row!.first.getTime();
  if (spanMs <= 0) return { results: n, spanMs, perSecond: Number.NaN, byThird: [] };
  const thirds = await platform.db.$queryRaw<{ third: number; n: bigint }[]>`
    SELECT least(floor(3 * extract(epoch FROM completed_at - ${row!.first}) * 1000 / ${spanMs}), 2)::int AS third, count(*) AS n
    FROM feedback_results WHERE session_id = ${sessionId}::uuid AND status = 'COMPLETED' GROUP BY 1 ORDER BY 1`;
  const byThird = thirds.map((third) => Number(third.n) / (spanMs / 3 / 1_000));
  return { results: n, spanMs, perSecond: (n - 1) / (spanMs / 1_000), byThird };
}

const describeRate = (rate: Awaited<ReturnType<typeof completionRate>>) =>
  `${rate.results} results in ${ms(rate.spanMs)} → ${rate.perSecond.toFixed(1)} results/s ` +
  `(by thirds of the span: ${rate.byThird.map((perSecond) => perSecond.toFixed(0)).join(', ')})`;

const processGroups = (platform: FeedbackPlatform) =>
  platformProcessGroups(platform, `bench driver (the baseline's consumer${countRoundTrips ? ', the round-trip counter' : ''})`);

/** CPU seconds per 1,000 results of each process in each pass, and their sums with and without the shared servers. */
function printCpuTable(platform: { results: number; cpu: CpuReading[] }, baseline: { results: number; cpu: CpuReading[] }) {
  const per1000 = (seconds: number, results: number) => ((1_000 * seconds) / results).toFixed(2).padStart(9);
  const width = Math.max(...platform.cpu.map((row) => row.name.length));
  console.log(`
CPU seconds per 1,000 results (/proc/<pid>/stat user + system, whole passes):`);
  console.log(`  ${'process'.padEnd(width)}  platform  baseline`);
  platform.cpu.forEach((row, i) => {
    console.log(
      `  ${row.name.padEnd(width)}${per1000(row.seconds, platform.results)} ${per1000(baseline.cpu[i]!.seconds, baseline.results)}`,
    );
  });
  console.log(`
System calls per result (/proc/<pid>/io syscr and syscw: each write can wake the process that reads it; n/a: not readable):`);
  console.log(`  ${'process'.padEnd(width)}  platform (read, write)  baseline (read, write)`);
  const perResult = (count: number, results: number) => (Number.isNaN(count) ? 'n/a' : (count / results).toFixed(1));
  const calls = (row: CpuReading, results: number) =>
    `${perResult(row.readCalls, results).padStart(8)} ${perResult(row.writeCalls, results).padStart(6)}`;
  platform.cpu.forEach((row, i) => {
    console.log(`  ${row.name.padEnd(width)}  ${calls(row, platform.results).padEnd(22)}  ${calls(baseline.cpu[i]!, baseline.results)}`);
  });
  const sum = (rows: CpuReading[], own: boolean) =>
    rows.filter((row) => !own || !row.name.includes('(shared)')).reduce((total, row) => total + row.seconds, 0);
  for (const own of [false, true]) {
    const [ours, theirs] = [sum(platform.cpu, own), sum(baseline.cpu, own)];
    console.log(
      `  ${(own ? 'sum without the shared servers' : 'sum').padEnd(width)}${per1000(ours, platform.results)} ${per1000(theirs, baseline.results)}` +
        `   baseline / platform: ${(theirs / baseline.results / (ours / platform.results)).toFixed(2)}`,
    );
  }
}

async function runSessionToEnd(platform: FeedbackPlatform, token: string, productIds: string[], personaIds: string[]) {
  const { sessionId } = await requestJson<StartFeedbackSessionResponse>('POST', `${platform.http.url}/feedback-sessions`, {
    token,
    body: { productIds, personaIds, language: 'en' },
    expect: 202,
  });
  const deadline = Date.now() + SESSION_TIMEOUT_MS;
  for (;;) {
    const { status } = await platform.db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId }, select: { status: true } });
    if (status === 'COMPLETED') return sessionId;
    if (status !== 'IN_PROGRESS') throw new Error(`Session ${sessionId} finished ${status}`);
    if (Date.now() > deadline) throw new Error(`Session ${sessionId} did not finish within ${ms(SESSION_TIMEOUT_MS)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

async function main(): Promise<void> {
  console.log(`Platform ceiling, ${describeMachine()}`);
  console.log(
    `instant provider, gateway C = ${GATEWAY_CONCURRENCY}, FEEDBACK_PREFETCH = ${prefetch}, SESSION_MAX_IN_FLIGHT = ${SESSION_MAX_IN_FLIGHT}, ` +
      `one feedback-service instance (HTTP and consumers), ${personas} personas × ${products} products = ${results} results`,
  );
  const counter = countRoundTrips ? await startRoundTripCounter() : undefined;
  if (counter) onCleanup(() => counter.close());
  const gatewayCounter = countRoundTrips ? await startRoundTripCounter() : undefined;
  if (gatewayCounter) onCleanup(() => gatewayCounter.close());
  const platform = await startFeedbackPlatform({
    latencyMs: 0,
    gatewayConcurrency: GATEWAY_CONCURRENCY,
    prefetch,
    httpInstanceConsumes: true,
    providerProcess: true,
    feedbackEnv: (env) => ({
      ...(counter ? { DATABASE_URL: counter.route(env.DATABASE_URL!) } : {}),
    }),
    gatewayEnv: (env) => ({
      ...(gatewayCounter ? { DATABASE_URL: gatewayCounter.route(env.DATABASE_URL!) } : {}),
      ...(gatewayCache ? {} : { AI_CACHE_ENABLED: 'false' }),
    }),
  });
  const seed = await platform.seed(products + warmupProducts, personas);
  const measuredProducts = seed.productIds.slice(0, products);
  const warmupSession = await runSessionToEnd(platform, seed.token, seed.productIds.slice(products), seed.personaIds);
  const baselineOptions = {
    databaseUrl: platform.env.DATABASE_URL!,
    rabbitmqUrl: RABBITMQ_URL,
    namespace: platform.env.BROKER_NAMESPACE!,
    prefetch,
    poolSize: DATABASE_POOL_SIZE,
  };
  await runBaseline({ ...baselineOptions, sessionId: warmupSession });
  console.log(`warm-up: ${personas * warmupProducts} results of other products, by the platform, then by the baseline (not counted)`);

  counter?.reset();
  gatewayCounter?.reset();
  const writesBefore = counter ? await readTableWrites(platform.db, 'feedback_results') : undefined;
  const platformMeter = startCpuMeter(processGroups(platform));
  const sessionId = await runSessionToEnd(platform, seed.token, measuredProducts, seed.personaIds);
  const platformCpu = platformMeter.stop();
  const ours = await completionRate(platform, sessionId);
  const loadAfterPlatform = loadAverage();
  console.log(`\nplatform:  ${describeRate(ours)} (load ${loadAfterPlatform})`);
  if (counter) {
    // The whole session's: its start and completion too, spread over the results (a few per session).
    console.log(`  feedback-service database round trips: ${counter.count()}, ${(counter.count() / ours.results).toFixed(2)} per result`);
    for (const [statement, times] of counter.statements().slice(0, 15)) {
      console.log(`    ${(times / ours.results).toFixed(2)} per result  ${statement}`);
    }
    const gatewayTrips = gatewayCounter!.count();
    console.log(`  ai-gateway database round trips: ${gatewayTrips}, ${(gatewayTrips / ours.results).toFixed(2)} per result`);
    const writesAfter = await readTableWrites(platform.db, 'feedback_results');
    console.log(`  feedback_results: ${describeWrites(writesBefore!, writesAfter, ours.results)}`);
  }

  const baselineMeter = startCpuMeter(processGroups(platform));
  const baselineRun = await runBaseline({ ...baselineOptions, sessionId });
  const baselineCpu = baselineMeter.stop();
  const baseline = await completionRate(platform, sessionId);
  if (baseline.results !== baselineRun.results)
    throw new Error(`the baseline stored ${baseline.results} of ${baselineRun.results} results`);
  console.log(`baseline:  ${describeRate(baseline)} (load ${loadAverage()})`);
  const ratio = ours.perSecond / baseline.perSecond;
  console.log(`ratio platform / baseline: ${ratioAgainst(ratio, { atLeast: RATIO_TARGET })}`);
  printCpuTable({ results: ours.results, cpu: platformCpu }, { results: baseline.results, cpu: baselineCpu });
}

await runBenchmark('The ceiling benchmark', 900, main);
