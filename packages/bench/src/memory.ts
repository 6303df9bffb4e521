// Memory (issue #7): the resident memory of every service process during a 1,000-result feedback
// session (200 personas × 5 products: a session takes at most 200 personas and 10 products).
// Busy: ai-gateway, feedback-service (one HTTP-only instance and consumer-only instances). Idle
// beside them: persona-service, product-api, auth-api. RSS is sampled from /proc every 100 ms;
// VmHWM, read at the end, is each process's peak over its whole life (start-up included).
import { readFile } from 'node:fs/promises';

import type { ServiceProcess } from '@persona-lab/testing';

import { startFeedbackPlatform } from './lib/feedback-platform.js';
import { ms, perSecond } from './lib/report.js';
import { describeMachine, loadAverage, runBenchmark } from './lib/run.js';
import { runSession, waitMode } from './lib/session-run.js';
import { positiveInteger } from './lib/settings.js';

const SAMPLE_INTERVAL_MS = 100;
const latencyMs = positiveInteger('BENCH_LATENCY_MS', 200);
const concurrency = positiveInteger('BENCH_GATEWAY_CONCURRENCY', 16);
const prefetch = positiveInteger('BENCH_PREFETCH', concurrency);
const consumerCount = positiveInteger('BENCH_CONSUMERS', 2);
const personas = positiveInteger('BENCH_PERSONAS', 200);
const products = positiveInteger('BENCH_PRODUCTS', 5);
const results = personas * products;
const sessionTimeoutMs = 20 * Math.ceil(results / concurrency) * latencyMs + 60_000;

/** The memory figures of a process, in MiB, from /proc/<pid>/status. */
async function memoryOf(pid: number): Promise<{ rssMiB: number; hwmMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

interface Watched {
  label: string;
  pid: number;
  idleMiB: number;
  peakMiB: number;
}

async function watch(label: string, service: ServiceProcess): Promise<Watched> {
  const pid = service.process.pid;
  if (pid === undefined) throw new Error(`${label} has no process id`);
  return { label, pid, idleMiB: (await memoryOf(pid)).rssMiB, peakMiB: 0 };
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
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
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

const mib = (value: number) => `${value.toFixed(0)} MiB`;

async function main(): Promise<void> {
  console.log(`Memory, ${describeMachine()}`);
  console.log(
    `L = ${latencyMs} ms, gateway C = ${concurrency}, ${consumerCount} consumer instance(s) with FEEDBACK_PREFETCH ${prefetch} ` +
      `and one HTTP-only instance, ${personas} personas × ${products} products = ${results} results`,
  );
  console.log(
    waitMode === 'sse'
      ? "The end is awaited on the session's SSE stream (one open stream)."
      : 'The end is awaited by polling the database (no stream open).',
  );
  const platform = await startFeedbackPlatform({ latencyMs, gatewayConcurrency: concurrency, prefetch, httpInstanceConsumes: false });
  for (let i = 0; i < consumerCount; i += 1) await platform.addConsumer();
  const idle = {
    persona: await platform.startService('persona-service'),
    product: await platform.startService('product-api'),
    auth: await platform.startService('auth-api', { LOGIN_LIMIT_NAMESPACE: `${platform.env.BROKER_NAMESPACE}-auth` }),
  };
  const seed = await platform.seed(products, personas);

  const watched = [
    await watch('ai-gateway', platform.gateway),
    await watch('feedback-service (HTTP only)', platform.http),
    ...(await Promise.all(platform.consumers.map((consumer, i) => watch(`feedback-service (consumer ${i + 1})`, consumer)))),
    await watch('persona-service (idle)', idle.persona),
    await watch('product-api (idle)', idle.product),
    await watch('auth-api (idle)', idle.auth),
  ];
  const sampler = sampleEvery(watched, SAMPLE_INTERVAL_MS);
  const run = await runSession(platform, seed, { personas, products, timeoutMs: sessionTimeoutMs }).catch(async (error: unknown) => {
    await sampler.stop().catch(() => undefined);
    throw error;
  });
  const samples = await sampler.stop();
  const lifetime = await Promise.all(watched.map((entry) => memoryOf(entry.pid)));

  console.log(
    `\nsession of ${run.results} results: ${ms(run.wallMs)} (stored createdAt → completedAt ${ms(run.storedMs)}), ${perSecond(run.results, run.wallMs).toFixed(1)} results/s, ${samples} samples`,
  );
  console.log(
    '\nprocess                         | RSS before the session | peak RSS during it (100 ms samples) | VmHWM (peak over its life)',
  );
  watched.forEach((entry, i) => {
    console.log(
      `${entry.label.padEnd(31)} | ${mib(entry.idleMiB).padStart(22)} | ${mib(entry.peakMiB).padStart(35)} | ${mib(lifetime[i]!.hwmMiB).padStart(26)}`,
    );
  });
  const total = watched.reduce((sum, entry) => sum + entry.peakMiB, 0);
  console.log(`${'all of them (sum of peaks)'.padEnd(31)} | ${''.padStart(22)} | ${mib(total).padStart(35)} |`);
  console.log('Each runs from TypeScript source under tsx (as `pnpm dev` does), which adds the compiler to every process.');
  console.log(`\nload average (1 min) at end: ${loadAverage()}`);
}

await runBenchmark('The memory benchmark', 300 + (2 * sessionTimeoutMs) / 1_000, main);
