// Memory (issues #7 and #17): the resident memory of every service process, at rest and during a
// feedback session (BENCH_PERSONAS × BENCH_PRODUCTS results, by default issue #17's 2,000 × 10). Services run
// from dist with their start scripts' flags, as in production, unless BENCH_FROM=source; BENCH_NODE_FLAGS
// replaces those flags (e.g. "MALLOC_ARENA_MAX=2 --max-semi-space-size=1") to measure another setting.
// Busy: ai-gateway, feedback-service (one HTTP-only instance and consumer-only instances). Idle beside
// them: persona-service, product-api, auth-api. "At rest" is after start-up and a warm-up (a one-result
// session, and a read of each idle service's list) and BENCH_SETTLE_MS (30 s) of idleness; the peak is RSS
// sampled from /proc every 100 ms during the session; VmHWM is each process's peak over its whole life.
// JS heap used comes from each service's own /metrics (prom-client's nodejs_heap_size_used_bytes); CPU
// time during the session from /proc/<pid>/stat, so a setting that trades CPU for memory shows it.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { serviceBuildFromEnv, serviceCommand, type ServiceProcess } from '@persona-lab/testing';

import { startFeedbackPlatform } from './lib/feedback-platform.js';
import { requestJson } from './lib/http.js';
import { ms, perSecond } from './lib/report.js';
import { describeMachine, loadAverage, runBenchmark } from './lib/run.js';
import { metricValue, readMetrics } from './lib/service-metrics.js';
import { runSession, waitMode } from './lib/session-run.js';
import { positiveInteger } from './lib/settings.js';

const SAMPLE_INTERVAL_MS = 100;
/**
 * How long the processes stay idle after the warm-up (and after the session) before "at rest" is read:
 * long enough for V8's memory reducer (its GCs start about 8 s after allocation slows down) and malloc's
 * trimming. RSS is also read EARLY_MS after the warm-up, to show what a too-early reading would say.
 */
const SETTLE_MS = positiveInteger('BENCH_SETTLE_MS', 30_000);
const EARLY_MS = 3_000;
const latencyMs = positiveInteger('BENCH_LATENCY_MS', 200);
const concurrency = positiveInteger('BENCH_GATEWAY_CONCURRENCY', 16);
const prefetch = positiveInteger('BENCH_PREFETCH', concurrency);
const consumerCount = positiveInteger('BENCH_CONSUMERS', 2);
const personas = positiveInteger('BENCH_PERSONAS', 2_000);
const products = positiveInteger('BENCH_PRODUCTS', 10);
/** Issue #17's limits, in MiB. */
const LIMIT = { restMiB: 100, peakMiB: 150 };
/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const results = personas * products;
const sessionTimeoutMs = 20 * Math.ceil(results / concurrency) * latencyMs + 60_000;
const from = serviceBuildFromEnv('dist');

/** The memory figures of a process, in MiB, from /proc/<pid>/status. */
async function memoryOf(pid: number): Promise<{ rssMiB: number; hwmMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

/** JS heap used, in MiB, as the service reports it on /metrics. */
async function heapUsedOf(service: ServiceProcess): Promise<number> {
  const bytes = metricValue(await readMetrics(service.url), 'nodejs_heap_size_used_bytes');
  return bytes === undefined ? Number.NaN : bytes / 1024 / 1024;
}

/** User plus system CPU time of a process so far, in seconds, from /proc/<pid>/stat. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3: utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

interface Reading {
  rssMiB: number;
  heapMiB: number;
  cpuSeconds: number;
}

interface Watched {
  label: string;
  service: ServiceProcess;
  pid: number;
  earlyMiB?: number;
  rest?: Reading;
  peakMiB: number;
  after?: Reading;
}

function watch(label: string, service: ServiceProcess): Watched {
  const pid = service.process.pid;
  if (pid === undefined) throw new Error(`${label} has no process id`);
  return { label, service, pid, peakMiB: 0 };
}

async function read(entry: Watched): Promise<Reading> {
  return {
    rssMiB: (await memoryOf(entry.pid)).rssMiB,
    heapMiB: await heapUsedOf(entry.service),
    cpuSeconds: await cpuSecondsOf(entry.pid),
  };
}

/** Samples every watched process until `stop` is called, which returns how many samples were taken. */
function sampleEvery(watched: Watched[], intervalMs: number): { stop(): Promise<number> } {
  let samples = 0;
  let running = true;
  // Settles to the error (a process that died), so it is reported by stop() rather than unhandled.
  const loop = (async () => {
    while (running) {
      for (const entry of watched) entry.peakMiB = Math.max(entry.peakMiB, (await memoryOf(entry.pid)).rssMiB);
      samples += 1;
      await sleep(intervalMs);
    }
  })().then(
    () => undefined,
    (error: unknown) => error,
  );
  return {
    async stop() {
      running = false;
      const error = await loop;
      if (error !== undefined) throw new Error('Sampling the memory of the services failed', { cause: error });
      return samples;
    },
  };
}

const mib = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '?' : `${value.toFixed(0)} MiB`);
const heapOf = (reading: Reading | undefined) => (reading ? `${mib(reading.heapMiB)} of ${mib(reading.rssMiB)}` : '?');

/** Whether the process stayed within issue #17's limits at rest and at its peak. */
function withinLimits(entry: Watched): string {
  const rest = entry.rest !== undefined && entry.rest.rssMiB <= LIMIT.restMiB;
  const peak = entry.peakMiB <= LIMIT.peakMiB;
  return `${rest ? 'yes' : 'NO'} / ${peak ? 'yes' : 'NO'}`;
}

function printTable(watched: Watched[], lifetimeHwm: number[]): void {
  const columns = [
    'process',
    `RSS ${EARLY_MS / 1_000} s after`,
    'at rest RSS',
    'peak RSS (session)',
    'RSS after',
    'JS heap used of RSS at rest',
    'heap used of RSS after',
    'VmHWM',
    'CPU (session)',
    `within ${LIMIT.restMiB} / ${LIMIT.peakMiB}`,
  ];
  const widths = [31, 12, 11, 18, 9, 27, 22, 7, 13, 10];
  const row = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ');
  console.log(`\n${row(columns)}`);
  watched.forEach((entry, i) => {
    console.log(
      row([
        entry.label,
        mib(entry.earlyMiB),
        mib(entry.rest?.rssMiB),
        mib(entry.peakMiB),
        mib(entry.after?.rssMiB),
        heapOf(entry.rest),
        heapOf(entry.after),
        mib(lifetimeHwm[i]),
        entry.rest && entry.after ? `${(entry.after.cpuSeconds - entry.rest.cpuSeconds).toFixed(1)} s` : '?',
        withinLimits(entry),
      ]),
    );
  });
  const sum = (pick: (entry: Watched) => number | undefined) => watched.reduce((total, entry) => total + (pick(entry) ?? 0), 0);
  console.log(
    row([
      'all of them (sums)',
      mib(sum((e) => e.earlyMiB)),
      mib(sum((e) => e.rest?.rssMiB)),
      mib(sum((e) => e.peakMiB)),
      mib(sum((e) => e.after?.rssMiB)),
      '',
      '',
      '',
      `${sum((e) => (e.after?.cpuSeconds ?? 0) - (e.rest?.cpuSeconds ?? 0)).toFixed(1)} s`,
      '',
    ]),
  );
}

async function main(): Promise<void> {
  console.log(`Memory, ${describeMachine()}`);
  console.log(
    `L = ${latencyMs} ms, gateway C = ${concurrency}, ${consumerCount} consumer instance(s) with FEEDBACK_PREFETCH ${prefetch} ` +
      `and one HTTP-only instance, ${personas} personas × ${products} products = ${results} results`,
  );
  for (const app of ['ai-gateway', 'feedback-service', 'persona-service', 'product-api', 'auth-api']) {
    console.log(`  ${app.padEnd(16)} runs from ${from}: ${serviceCommand(app, from, process.env.BENCH_NODE_FLAGS).text}`);
  }
  console.log(
    waitMode === 'sse'
      ? "The end is awaited on the session's SSE stream (one open stream)."
      : 'The end is awaited by polling the database (no stream open).',
  );
  const platform = await startFeedbackPlatform({ latencyMs, gatewayConcurrency: concurrency, prefetch, httpInstanceConsumes: false, from });
  for (let i = 0; i < consumerCount; i += 1) await platform.addConsumer();
  const idle = {
    persona: await platform.startService('persona-service'),
    product: await platform.startService('product-api'),
    auth: await platform.startService('auth-api', { LOGIN_LIMIT_NAMESPACE: `${platform.env.BROKER_NAMESPACE}-auth` }),
  };
  const seed = await platform.seed(products, personas);

  const watched = [
    watch('ai-gateway', platform.gateway),
    watch('feedback-service (HTTP only)', platform.http),
    ...platform.consumers.map((consumer, i) => watch(`feedback-service (consumer ${i + 1})`, consumer)),
    watch('persona-service (idle)', idle.persona),
    watch('product-api (idle)', idle.product),
    watch('auth-api (idle)', idle.auth),
  ];

  // Warm-up: every service answers one real request that reaches its database.
  await runSession(platform, seed, { personas: 1, products: 1, timeoutMs: 60_000 });
  await requestJson('GET', `${idle.persona.url}/personas`, { token: seed.token, expect: 200 });
  await requestJson('GET', `${idle.product.url}/products`, { token: seed.token, expect: 200 });
  await requestJson('GET', `${idle.auth.url}/auth/me`, { token: seed.token, expect: 200 });
  await sleep(EARLY_MS);
  for (const entry of watched) entry.earlyMiB = (await memoryOf(entry.pid)).rssMiB;
  await sleep(Math.max(0, SETTLE_MS - EARLY_MS));
  for (const entry of watched) entry.rest = await read(entry);

  const sampler = sampleEvery(watched, SAMPLE_INTERVAL_MS);
  const run = await runSession(platform, seed, { personas, products, timeoutMs: sessionTimeoutMs }).catch(async (error: unknown) => {
    await sampler.stop().catch(() => undefined);
    throw error;
  });
  const samples = await sampler.stop();
  await sleep(SETTLE_MS);
  for (const entry of watched) entry.after = await read(entry);
  const lifetimeHwm = await Promise.all(watched.map(async (entry) => (await memoryOf(entry.pid)).hwmMiB));

  console.log(
    `\nsession of ${run.results} results: ${ms(run.wallMs)} (stored createdAt → completedAt ${ms(run.storedMs)}), ${perSecond(run.results, run.wallMs).toFixed(1)} results/s, ${samples} samples`,
  );
  printTable(watched, lifetimeHwm);
  console.log(
    `"at rest" and "after" are read ${SETTLE_MS / 1_000} s after the warm-up and after the session (idle); the first column ${EARLY_MS / 1_000} s after the warm-up.`,
  );
  console.log(`\nload average (1 min) at end: ${loadAverage()}`);
}

await runBenchmark('The memory benchmark', 300 + (2 * sessionTimeoutMs) / 1_000, main);
