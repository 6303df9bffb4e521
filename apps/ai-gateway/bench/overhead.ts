// What the gateway adds to a model call: the same load (feedback calls, 64 at a time by default)
// sent straight to a fake provider and through the gateway to that provider, in one run. Prints the
// added latency at p50 and p99 and the gateway's throughput as a share of the direct one, for a
// provider that answers at once and for one that takes 200 ms, and the gateway's CPU time per call.
// A third side, a bare Node HTTP hop (bare-hop-process.ts: node:http alone, no framework), measures
// what any process between caller and provider adds on this machine, so the gateway's own share can
// be read apart from it. The fake, the hop, the gateway and this load generator are separate
// processes on the same machine. Each measured run starts on open connections, as calls in a session
// do: the servers close connections idle for 5 s (keep-alive timeout), i.e. while the other sides run,
// so one wave of calls first reopens them; that wave's slowest call is printed apart ("reopening").
//   pnpm --filter @persona-lab/ai-gateway bench
//   (BENCH_REQUESTS, BENCH_DELAYED_REQUESTS, BENCH_CONCURRENCY, BENCH_ROUNDS, BENCH_PROVIDER_DELAYS, BENCH_GATEWAY_WARMUP,
//    BENCH_PROVIDER_JITTER — the spread of the provider's delay either side, 0.5 by default; 0 answers every call
//    after exactly the delay, so the 64 callers' answers come back in lockstep bursts, the worst case for the p99 —,
//    BENCH_LOG_LEVEL,
//    BENCH_FROM — "dist" runs the built gateway as its start script does, "source" (the default) under tsx —,
//    BENCH_NODE_FLAGS — replaces the start script's node flags, dist only)
import { loadavg } from 'node:os';

import { serviceBuildFromEnv, serviceCommand, startServiceProcess, TEST_SECRETS } from '@persona-lab/testing';

import { FEEDBACK_SAMPLING, feedbackMessages } from '../src/domain/prompts/feedback.js';
import {
  BENCH_FEEDBACK,
  cpuMsOf,
  createLoad,
  fixed,
  median,
  type Side,
  startBareHop,
  startFakeProvider,
  summary,
  type Target,
} from './load.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Provider answer delays to test: 0 makes the gateway's own CPU the bottleneck; 200 ms is a very fast model. */
const DELAYS = (process.env.BENCH_PROVIDER_DELAYS ?? '0,200').split(',').map(Number);
const DELAYED_REQUESTS = Number(process.env.BENCH_DELAYED_REQUESTS ?? 2_000);
const WARMUP = Math.min(1_000, REQUESTS);
/**
 * Calls through the gateway before the rounds (BENCH_GATEWAY_WARMUP): V8 takes some 5,000 to finish
 * optimising the gateway's path. After 1,000, its CPU per call still fell over the rounds (0.80, 0.54,
 * 0.47 ms, then 0.43–0.51 in three more) and so did the added p50 (+1.35, +0.86, +0.58 ms).
 */
const GATEWAY_WARMUP = Number(process.env.BENCH_GATEWAY_WARMUP ?? 6_000);
const MODEL = 'bench/model';
const FROM = serviceBuildFromEnv();
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS;

const { run, close } = createLoad(CONCURRENCY);

/** One scenario: a fake provider answering after `delayMs`, and a bare hop and a gateway in front of it. */
async function scenario(delayMs: number, requests: number): Promise<void> {
  const fake = await startFakeProvider(delayMs);
  const gateway = await startServiceProcess(
    'ai-gateway',
    {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      SERVICE_TOKEN: TEST_SECRETS.SERVICE_TOKEN,
      AI_PROVIDER: 'openai-compatible',
      AI_COMPATIBLE_BASE_URL: fake.baseUrl,
      AI_COMPATIBLE_API_KEY: 'bench-key',
      AI_COMPATIBLE_MODEL: MODEL,
      AI_MAX_CONCURRENCY: String(CONCURRENCY),
    },
    { from: FROM, nodeFlags: NODE_FLAGS },
  );
  const hop = await startBareHop(fake.baseUrl, MODEL, CONCURRENCY);
  const direct: Target = {
    label: 'direct',
    url: new URL(`${fake.baseUrl}/chat/completions`),
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
    // Byte for byte what the gateway sends for this feedback call.
    body: JSON.stringify({ model: MODEL, messages: feedbackMessages(BENCH_FEEDBACK), ...FEEDBACK_SAMPLING }),
  };
  const viaHop: Target = {
    label: 'bare hop',
    url: new URL(hop.url),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_FEEDBACK),
  };
  const viaGateway: Target = {
    label: 'gateway',
    url: new URL(`${gateway.url}/v1/feedback/generate`),
    headers: { 'content-type': 'application/json', 'x-service-token': TEST_SECRETS.SERVICE_TOKEN },
    body: JSON.stringify(BENCH_FEEDBACK),
  };
  try {
    console.log(`\nprovider answering after ${delayMs} ms: ${requests} calls per side per round, ${CONCURRENCY} concurrent`);
    await run(direct, Math.min(WARMUP, requests));
    const pid = gateway.process.pid!;
    const warmupCpuBefore = cpuMsOf(pid);
    await run(viaGateway, GATEWAY_WARMUP);
    console.log(
      `  warm-up: ${GATEWAY_WARMUP} calls through the gateway, CPU ${fixed((cpuMsOf(pid) - warmupCpuBefore) / GATEWAY_WARMUP, 3)} ms/call`,
    );
    // As many as the gateway's: the hop's path is V8-optimised over calls too.
    await run(viaHop, GATEWAY_WARMUP);
    const rounds: { direct: Side; hop: Side & { cpuMsPerCall: number }; gateway: Side & { cpuMsPerCall: number } }[] = [];
    const slowest = (latencies: number[]) => Math.max(...latencies);
    /** One measured run of `target` after a wave that reopens its connections, and the CPU per call of process `cpuOf`. */
    const measure = async (target: Target, cpuOf: number) => {
      const reopening = slowest((await run(target, CONCURRENCY)).latenciesMs);
      const cpuBefore = cpuMsOf(cpuOf);
      const side = summary(await run(target, requests));
      return { ...side, cpuMsPerCall: (cpuMsOf(cpuOf) - cpuBefore) / requests, reopening };
    };
    const sideText = (label: string, side: Side & { cpuMsPerCall?: number }) =>
      `${label} p50 ${fixed(side.p50)} ms p99 ${fixed(side.p99)} ms ${fixed(side.rps, 0)} req/s` +
      (side.cpuMsPerCall === undefined ? '' : `, CPU ${fixed(side.cpuMsPerCall, 3)} ms/call`);
    for (let round = 1; round <= ROUNDS; round++) {
      // The direct side's CPU figure would be the idle gateway's: not printed.
      const { cpuMsPerCall: _idleGateway, ...d } = await measure(direct, pid);
      const h = await measure(viaHop, hop.pid);
      const g = await measure(viaGateway, pid);
      rounds.push({ direct: d, hop: h, gateway: g });
      console.log(
        `  round ${round}: ${sideText('direct', d)} | ${sideText('bare hop', h)} | ${sideText('gateway', g)} | ` +
          `reopening: slowest direct ${fixed(d.reopening, 1)} ms, bare hop ${fixed(h.reopening, 1)} ms, gateway ${fixed(g.reopening, 1)} ms`,
      );
    }
    const addedP50 = median(rounds.map((r) => r.gateway.p50 - r.direct.p50));
    const addedP99 = median(rounds.map((r) => r.gateway.p99 - r.direct.p99));
    const ratio = median(rounds.map((r) => r.gateway.rps / r.direct.rps));
    console.log(`  added latency (median of rounds): p50 ${fixed(addedP50)} ms, p99 ${fixed(addedP99)} ms`);
    console.log(`  throughput through the gateway: ${fixed(ratio * 100, 1)} % of direct`);
    console.log(`  gateway CPU time per call (median of rounds): ${fixed(median(rounds.map((r) => r.gateway.cpuMsPerCall)), 3)} ms`);
    console.log(
      `  a bare Node HTTP hop adds (median of rounds): p50 ${fixed(median(rounds.map((r) => r.hop.p50 - r.direct.p50)))} ms, ` +
        `p99 ${fixed(median(rounds.map((r) => r.hop.p99 - r.direct.p99)))} ms, ` +
        `${fixed(median(rounds.map((r) => r.hop.rps / r.direct.rps)) * 100, 1)} % of direct; ` +
        `CPU ${fixed(median(rounds.map((r) => r.hop.cpuMsPerCall)), 3)} ms/call`,
    );
    console.log(
      `  the gateway above the bare hop (median of rounds): p50 ${fixed(median(rounds.map((r) => r.gateway.p50 - r.hop.p50)))} ms, ` +
        `p99 ${fixed(median(rounds.map((r) => r.gateway.p99 - r.hop.p99)))} ms`,
    );
    console.log(`  load average (1 min) at the end: ${fixed(loadavg()[0]!)}`);
  } finally {
    await hop.stop();
    await gateway.stop();
    await fake.stop();
  }
}

console.log(`ai-gateway overhead benchmark (node ${process.version}, ${ROUNDS} rounds per scenario, load average ${fixed(loadavg()[0]!)})`);
console.log(`the gateway runs from ${FROM}: ${serviceCommand('ai-gateway', FROM, NODE_FLAGS).text}`);
try {
  for (const delayMs of DELAYS) await scenario(delayMs, delayMs === 0 ? REQUESTS : DELAYED_REQUESTS);
} finally {
  close();
}
