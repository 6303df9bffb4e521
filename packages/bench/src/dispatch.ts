// Dispatch (issue 11, "the dispatch storm"): feedback tasks published by an audience session against
// its pairs. The personas of the audience are generated on the way (persona-service, queued), so
// every persona that becomes ready sends a status event while the session runs; each pair must be
// published once however many events arrive. Baseline: the pairs of the session (one task each).
// Also the pipeline's efficiency at that size (issue 17): wall time against the ideal
// ceil(pairs / C) × L + aggregation, as bench:pipeline computes it; and where the time over it went: the
// result stages, each process's cores and each service's event-loop delay, span by span from the POST.
import type { StartFeedbackSessionResponse } from '@persona-lab/contracts';

import { describeLoopDelays, startLoopDelayMeter } from './lib/event-loop-delay.js';
import {
  type FeedbackPlatform,
  platformProcessGroups,
  platformServices,
  type Seed,
  startFeedbackPlatform,
} from './lib/feedback-platform.js';
import { requestJson } from './lib/http.js';
import { type CpuReading, type CpuTimeline, startCpuMeter } from './lib/process-cpu.js';
import { ms, ratioAgainst } from './lib/report.js';
import { describeResultStages } from './lib/result-stages.js';
import { describeMachine, loadAverage, runBenchmark } from './lib/run.js';
import { FEEDBACK_PREFETCH, GATEWAY_CONCURRENCY, SESSION_MAX_IN_FLIGHT } from './lib/service-defaults.js';
import { metricValue, readMetrics } from './lib/service-metrics.js';
import { positiveInteger } from './lib/settings.js';
import { IN_FLIGHT_SPAN_MS } from './lib/timed-provider.js';

const latencyMs = positiveInteger('BENCH_LATENCY_MS', 20);
const concurrency = positiveInteger('BENCH_GATEWAY_CONCURRENCY', GATEWAY_CONCURRENCY);
const prefetch = positiveInteger('BENCH_PREFETCH', FEEDBACK_PREFETCH);
const sessionWindow = positiveInteger('BENCH_SESSION_WINDOW', SESSION_MAX_IN_FLIGHT);
/** Consumer-only feedback-service instances beside the one that serves HTTP (and consumes too). */
const extraConsumers = Number(process.env.BENCH_CONSUMERS ?? 0);
const personas = positiveInteger('BENCH_PERSONAS', 200);
const products = positiveInteger('BENCH_PRODUCTS', 10);
const sessionTimeoutMs = positiveInteger('BENCH_SESSION_TIMEOUT_SECONDS', 900) * 1_000;
/** A small session first, not counted (BENCH_WARMUP=false measures a platform's first session). */
const warmUp = process.env.BENCH_WARMUP !== 'false';
const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
/** Issue 17: wall ≤ 1.10 × the ideal; the insights within 2 s of the last answer. */
const RATIO_TARGET = 1.1;
const INSIGHTS_TARGET_MS = 2_000;

const feedbackCalls = async (platform: FeedbackPlatform) =>
  metricValue(await readMetrics(platform.gateway.url), 'ai_calls_total', 'operation="generateFeedback"') ?? 0;

/** Each counter summed over every feedback-service instance (HTTP and consumers) since it started; one read of each instance's /metrics. */
async function feedbackServiceCounters(
  platform: FeedbackPlatform,
  counters: readonly { name: string; labelFilter: string }[],
): Promise<number[]> {
  const texts = await Promise.all([platform.http, ...platform.consumers].map((instance) => readMetrics(instance.url)));
  return counters.map(({ name, labelFilter }) => texts.reduce((sum, text) => sum + (metricValue(text, name, labelFilter) ?? 0), 0));
}

const tasksPublishedByAll = async (platform: FeedbackPlatform) =>
  (await feedbackServiceCounters(platform, [{ name: 'messages_published_total', labelFilter: 'contract="FeedbackGenerationTask"' }]))[0]!;

/** The steps of a session's completion, as the feedback-service's metrics name them. */
const COMPLETION_STEPS = ['check', 'lock', 'recheck', 'read', 'stats', 'themesAndStats', 'write'] as const;

/** Seconds spent in each completion step (COMPLETION_STEPS' order) by every feedback-service instance. */
const completionStepSeconds = (platform: FeedbackPlatform) =>
  feedbackServiceCounters(
    platform,
    COMPLETION_STEPS.map((step) => ({ name: 'feedback_session_completion_step_seconds_sum', labelFilter: `step="${step}"` })),
  );

/** POSTs an audience session of the seed's first `products` products; its id. */
async function startAudienceSession(
  platform: FeedbackPlatform,
  seed: Seed,
  session: { country: string; personaCount: number; products: number },
): Promise<string> {
  const { sessionId } = await requestJson<StartFeedbackSessionResponse>('POST', `${platform.http.url}/feedback-sessions`, {
    token: seed.token,
    body: {
      productIds: seed.productIds.slice(0, session.products),
      language: 'en',
      audience: { genders: ['FEMALE', 'MALE'], ageRanges: ['18-25', '26-35', '36-45', '46+'], country: session.country },
      personaCount: session.personaCount,
    },
    expect: 202,
  }).catch((error: unknown) => {
    console.error(platform.http.output().slice(-4000));
    throw error;
  });
  return sessionId;
}

async function waitForStatus(platform: FeedbackPlatform, sessionId: string): Promise<string> {
  const deadline = Date.now() + sessionTimeoutMs;
  while (Date.now() < deadline) {
    const { status } = await platform.db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId }, select: { status: true } });
    if (FINISHED.has(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Session ${sessionId} did not finish within ${sessionTimeoutMs} ms`);
}

/** CPU seconds of each process from the POST to the session's end, per result, and per persona for persona generation. */
function printCpu(cpu: CpuReading[], results: number, personaCount: number): void {
  const width = Math.max(...cpu.map((row) => row.name.length));
  console.log(`\nCPU from the POST to the session's end (/proc/<pid>/stat user + system):`);
  for (const { name, seconds } of cpu) {
    const perPersona = name.startsWith('persona-service') ? `, ${((1_000 * seconds) / personaCount).toFixed(2)} ms per persona` : '';
    console.log(
      `  ${name.padEnd(width)} ${seconds.toFixed(1).padStart(6)} s, ${((1_000 * seconds) / results).toFixed(2)} ms per result${perPersona}`,
    );
  }
  const total = cpu.reduce((sum, row) => sum + row.seconds, 0);
  console.log(`  ${'sum'.padEnd(width)} ${total.toFixed(1).padStart(6)} s, ${((1_000 * total) / results).toFixed(2)} ms per result`);
}

/** Where the cores went over time: each process's, the machine's busy and stolen, per span from the POST. */
function printCpuTimeline({ spanMs, groups, machine }: CpuTimeline): void {
  const rows = [
    ...groups.filter((group) => !group.name.includes('(shared)') || group.name.startsWith('rabbitmq')),
    { name: 'machine, busy (all processes)', cores: machine.busy },
    { name: 'machine, stolen by the hypervisor', cores: machine.steal },
  ];
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`\ncores in use, mean of each ${spanMs / 1_000} s from the POST (/proc/<pid>/stat, /proc/stat):`);
  for (const { name, cores } of rows) console.log(`  ${name.padEnd(width)} ${cores.map((n) => n.toFixed(2)).join(' ')}`);
}

async function main(): Promise<void> {
  console.log(`Dispatch, ${describeMachine()}`);
  console.log(
    `audience session of ${personas} personas (generated on the way) × ${products} products; L = ${latencyMs} ms, C = ${concurrency}, ` +
      `prefetch ${prefetch}, SESSION_MAX_IN_FLIGHT ${sessionWindow}, ${1 + extraConsumers} consuming instance(s)`,
  );
  // A consumer works on at most its prefetch of tasks at once, so fewer than C in all leave the
  // provider's concurrency unused, and the ideal below cannot be reached.
  const held = prefetch * (1 + extraConsumers);
  if (held < concurrency) {
    console.log(
      `note: the consumers hold at most ${held} tasks at once, fewer than C = ${concurrency}: raise BENCH_PREFETCH or BENCH_CONSUMERS`,
    );
  }
  const platform = await startFeedbackPlatform({
    latencyMs,
    gatewayConcurrency: concurrency,
    prefetch,
    sessionWindow,
    httpInstanceConsumes: true,
    personaService: true,
    // Apart from the driver, whose CPU readings (~16 ms a second on a busy machine) would hold the fake's answers.
    providerProcess: true,
  });
  for (let i = 0; i < extraConsumers; i += 1) await platform.addConsumer();
  const seed = await platform.seed(products, 0);

  // A first, small session warms every process up (JIT, connection pools, queue declarations), as bench:pipeline
  // does; its audience is of another country, so the measured session reuses none of its personas.
  if (warmUp) {
    const warmupStartedAt = Date.now();
    const warmupPersonas = Math.min(personas, concurrency);
    const warmup = await startAudienceSession(platform, seed, { country: 'FR', personaCount: warmupPersonas, products: 1 });
    await waitForStatus(platform, warmup);
    console.log(`warm-up session: ${warmupPersonas} personas × 1 product in ${ms(Date.now() - warmupStartedAt)} (not counted)`);
  } else console.log("no warm-up session (BENCH_WARMUP=false): the measured session is the platform's first");
  const publishedBefore = await tasksPublishedByAll(platform);
  const callsBefore = await feedbackCalls(platform);
  const stepsBefore = await completionStepSeconds(platform);

  await platform.provider.resetProbe();
  const driver = 'bench driver';
  const loopDelayMeter = await startLoopDelayMeter(platformServices(platform), IN_FLIGHT_SPAN_MS, driver);
  const cpuMeter = startCpuMeter(platformProcessGroups(platform, driver));
  const startedAt = Date.now();
  const sessionId = await startAudienceSession(platform, seed, { country: 'GB', personaCount: personas, products });
  const answeredMs = Date.now() - startedAt;
  const status = await waitForStatus(platform, sessionId);
  const wallMs = Date.now() - startedAt;
  const cpu = cpuMeter.stop();
  const loopDelays = await loopDelayMeter.stop();
  const pairs = await platform.db.feedbackResult.count({ where: { sessionId } });
  const completed = await platform.db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } });
  const published = (await tasksPublishedByAll(platform)) - publishedBefore;
  const calls = (await feedbackCalls(platform)) - callsBefore;
  const { feedback, themes, maxInFlight, meanInFlight } = await platform.provider.probe();
  const aggregation = themes.lastEndMs - themes.firstStartMs;
  const ideal = Math.ceil(pairs / concurrency) * latencyMs + aggregation;

  console.log(`\nsession ${sessionId}: ${status} in ${ms(wallMs)}, ${completed} of ${pairs} results completed`);
  console.log(`  feedback tasks published:     ${published} (baseline: ${pairs} pairs; ratio ${(published / pairs).toFixed(2)})`);
  console.log(`  feedback calls at the gateway: ${calls} (ratio to pairs ${(calls / pairs).toFixed(2)})`);
  console.log(`  ideal ceil(${pairs} / ${concurrency}) × ${latencyMs} ms + aggregation (${ms(aggregation)}): ${ms(ideal)}`);
  console.log(`  ratio wall / ideal: ${ratioAgainst(wallMs / ideal, { atMost: RATIO_TARGET })}`);
  console.log(
    `  POST answered (202) in ${ms(answeredMs)}; POST → first feedback call ${ms(feedback.firstStartMs - startedAt)} (the personas are generated first); ` +
      `feedback calls first in → last answered ${ms(feedback.lastEndMs - feedback.firstStartMs)}, ` +
      `${(feedback.calls / ((feedback.lastEndMs - feedback.firstStartMs) / 1_000)).toFixed(1)} results/s (bound C / L = ${((concurrency * 1_000) / latencyMs).toFixed(1)}); ` +
      `at most ${maxInFlight} calls in flight at the provider`,
  );
  // The session's start and its persona phase from the stored times (a row's created_at is its transaction's start;
  // a persona's updated_at is when it was generated).
  const [start] = await platform.db.$queryRaw<
    { personas: Date; session: Date; firstReady: Date; lastReady: Date | null; firstPublished: Date }[]
  >`
    WITH own AS (SELECT DISTINCT persona_id FROM feedback_results WHERE session_id = ${sessionId}::uuid),
      generated AS (SELECT min(p.created_at) AS stored, min(p.updated_at) AS first, max(p.updated_at) AS last
        FROM personas AS p JOIN own ON own.persona_id = p.id)
    SELECT generated.stored AS personas, generated.first AS "firstReady", generated.last AS "lastReady",
      (SELECT created_at FROM feedback_sessions WHERE id = ${sessionId}::uuid) AS session,
      (SELECT min(dispatched_at) FROM feedback_results WHERE session_id = ${sessionId}::uuid) AS "firstPublished"
    FROM generated`;
  const personasReady = start?.lastReady ?? null;
  if (personasReady) console.log(`  the session's personas generated ${ms(personasReady.getTime() - startedAt)} after the POST`);
  if (start) {
    const after = (at: Date) => ms(at.getTime() - startedAt);
    console.log(
      `  the start, after the POST: personas stored ${after(start.personas)}, first persona generated ${after(start.firstReady)}, ` +
        `session and pairs stored from ${after(start.session)}, first task published ${after(start.firstPublished)}, POST answered ${ms(answeredMs)}`,
    );
  }
  console.log(
    `  feedback and theme calls in flight at the provider, mean of each ${IN_FLIGHT_SPAN_MS / 1_000} s from the POST (of C = ${concurrency}): ` +
      meanInFlight.map((n) => n.toFixed(0)).join(' '),
  );
  for (const line of await describeResultStages(platform.db, sessionId, sessionWindow, latencyMs)) console.log(line);
  if (personasReady) {
    for (const phase of [
      { label: 'published while the personas were generated', dispatched: { before: personasReady } },
      { label: 'published after', dispatched: { from: personasReady } },
    ]) {
      for (const line of await describeResultStages(platform.db, sessionId, sessionWindow, latencyMs, phase)) console.log(line);
    }
  }
  // Issue 17: the insights within 2 s of the last answer, read off the stored times.
  const lastAnswer = await platform.db.feedbackResult.aggregate({ where: { sessionId }, _max: { completedAt: true } });
  const { completedAt } = await platform.db.feedbackSession.findUniqueOrThrow({ where: { id: sessionId }, select: { completedAt: true } });
  if (lastAnswer._max.completedAt && completedAt) {
    const insightsMs = completedAt.getTime() - lastAnswer._max.completedAt.getTime();
    console.log(
      `  last answer stored → session completed with its insights: ${ms(insightsMs)} ` +
        `(target <= ${INSIGHTS_TARGET_MS / 1_000} s: ${insightsMs <= INSIGHTS_TARGET_MS ? 'met' : 'NOT met'})`,
    );
  }
  const stepsAfter = await completionStepSeconds(platform);
  const stepTimes = COMPLETION_STEPS.map((step, i) => `${step} ${ms((stepsAfter[i]! - stepsBefore[i]!) * 1_000)}`);
  console.log(`  the completion's steps (stats runs beside the theme calls, within themesAndStats): ${stepTimes.join(', ')}`);
  // The session view (summary, progress, insights; results are read by page).
  const viewStartedAt = Date.now();
  const view = await fetch(`${platform.http.url}/feedback-sessions/${sessionId}`, { headers: { authorization: `Bearer ${seed.token}` } });
  const viewBytes = (await view.arrayBuffer()).byteLength;
  console.log(
    `  GET /feedback-sessions/:id: ${view.status}, ${(viewBytes / 1_048_576).toFixed(1)} MiB in ${ms(Date.now() - viewStartedAt)}`,
  );
  printCpu(cpu, pairs, personas);
  printCpuTimeline(cpuMeter.timeline(IN_FLIGHT_SPAN_MS));
  console.log('');
  for (const line of describeLoopDelays(loopDelays)) console.log(line);
  console.log(`\nload average (1 min) at end: ${loadAverage()}`);
}

await runBenchmark('The dispatch benchmark', 120 + sessionTimeoutMs / 1_000, main);
