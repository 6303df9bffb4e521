// What the response cache costs on a miss and saves on a hit, in one run: the same seeded feedback
// calls through a gateway without the cache (the baseline), through one with the cache seeing them
// for the first time (misses: a lookup and a write in PostgreSQL besides the provider call), and
// through that one again (hits: no provider call). Prints p50/p99 and throughput of each, and the
// ratios to the baseline, and each gateway's CPU time per call. The provider answers after a fixed
// delay (a fast model). Each measured run starts with one unmeasured wave of calls on seeds no round
// uses, which reopens the connections the servers closed while the other gateway ran.
//   pnpm --filter @persona-lab/ai-gateway bench:cache
//   (BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_ROUNDS, BENCH_PROVIDER_DELAY_MS, BENCH_LOG_LEVEL,
//    BENCH_FROM — "dist" runs the built gateways as their start script does, "source" (the default) under tsx)
import { loadavg } from 'node:os';

import { createTestDatabase, serviceBuildFromEnv, startServiceProcess, TEST_SECRETS } from '@persona-lab/testing';

import { BENCH_FEEDBACK, cpuMsOf, createLoad, fixed, median, type Side, startFakeProvider, summary, type Target } from './load.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DELAY_MS = Number(process.env.BENCH_PROVIDER_DELAY_MS ?? 200);
// A fixed provider delay, so that the differences measured are the gateway's.
process.env.BENCH_PROVIDER_JITTER ??= '0';

const FROM = serviceBuildFromEnv();
/** Seeds of the waves that reopen connections, apart from the measured ones. */
const REOPENING_SEEDS = 2_000_000;

const { run, close } = createLoad(CONCURRENCY);

function gatewayEnv(baseUrl: string, extra: Record<string, string>) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    SERVICE_TOKEN: TEST_SECRETS.SERVICE_TOKEN,
    AI_PROVIDER: 'openai-compatible',
    AI_COMPATIBLE_BASE_URL: baseUrl,
    AI_COMPATIBLE_API_KEY: 'bench-key',
    AI_COMPATIBLE_MODEL: 'bench/model',
    AI_MAX_CONCURRENCY: String(CONCURRENCY),
    ...extra,
  };
}

/** Seeded feedback calls: request i asks with seed i, so every seed is a key of its own. */
const seededFeedback = (url: string, label: string): Target => ({
  label,
  url: new URL(`${url}/v1/feedback/generate`),
  headers: { 'content-type': 'application/json', 'x-service-token': TEST_SECRETS.SERVICE_TOKEN },
  body: (seed) => JSON.stringify({ ...BENCH_FEEDBACK, seed }),
});

interface Measured extends Side {
  cpuMsPerCall: number;
}

const line = (label: string, side: Measured) =>
  `${label} p50 ${fixed(side.p50)} ms p99 ${fixed(side.p99)} ms ${fixed(side.rps, 0)} req/s CPU ${fixed(side.cpuMsPerCall, 3)} ms/call`;

console.log(`ai-gateway response cache benchmark (node ${process.version}, ${ROUNDS} rounds, ${REQUESTS} calls per side per round,`);
console.log(
  `${CONCURRENCY} concurrent, provider answering after ${DELAY_MS} ms, gateways from ${FROM}, load average ${fixed(loadavg()[0]!)})`,
);
const database = await createTestDatabase();
const fake = await startFakeProvider(DELAY_MS);
const uncached = await startServiceProcess('ai-gateway', gatewayEnv(fake.baseUrl, { AI_CACHE_ENABLED: 'false' }), { from: FROM });
const cached = await startServiceProcess('ai-gateway', gatewayEnv(fake.baseUrl, { DATABASE_URL: database.url }), { from: FROM });
let reopening = REOPENING_SEEDS;
/** A measured run of `target`, after a wave that reopens its connections, with the CPU its gateway used per call. */
async function measure(target: Target, pid: number, first: number): Promise<Measured> {
  await run(target, CONCURRENCY, (reopening += CONCURRENCY));
  const cpuBefore = cpuMsOf(pid);
  const side = summary(await run(target, REQUESTS, first));
  return { ...side, cpuMsPerCall: (cpuMsOf(pid) - cpuBefore) / REQUESTS };
}
try {
  const baseline = seededFeedback(uncached.url, 'baseline');
  const withCache = seededFeedback(cached.url, 'cache');
  // Warm-up on seeds no round uses.
  await run(baseline, Math.min(200, REQUESTS), 1_000_000);
  await run(withCache, Math.min(200, REQUESTS), 1_000_000);
  const rounds: { baseline: Measured; miss: Measured; hit: Measured }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round * REQUESTS;
    const b = await measure(baseline, uncached.process.pid!, first);
    const miss = await measure(withCache, cached.process.pid!, first);
    const hit = await measure(withCache, cached.process.pid!, first);
    rounds.push({ baseline: b, miss, hit });
    console.log(`  round ${round + 1}: ${line('no cache', b)} | ${line('miss', miss)} | ${line('hit', hit)}`);
  }
  const m = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
  console.log(
    `  a miss adds (median of rounds): p50 ${fixed(m((r) => r.miss.p50 - r.baseline.p50))} ms, p99 ${fixed(m((r) => r.miss.p99 - r.baseline.p99))} ms`,
  );
  console.log(`  miss throughput: ${fixed(m((r) => r.miss.rps / r.baseline.rps) * 100, 1)} % of no cache`);
  console.log(`  a hit's p50 latency: ${fixed(m((r) => r.hit.p50 / r.baseline.p50) * 100, 1)} % of no cache's`);
  console.log(
    `  gateway CPU per call (median of rounds): no cache ${fixed(
      m((r) => r.baseline.cpuMsPerCall),
      3,
    )} ms, ` +
      `miss ${fixed(
        m((r) => r.miss.cpuMsPerCall),
        3,
      )} ms, hit ${fixed(
        m((r) => r.hit.cpuMsPerCall),
        3,
      )} ms`,
  );
  console.log(
    `  hit throughput: ${fixed(
      m((r) => r.hit.rps / r.baseline.rps),
      1,
    )} × no cache`,
  );
  console.log(`  load average (1 min) at the end: ${fixed(loadavg()[0]!)}`);
} finally {
  close();
  await Promise.allSettled([uncached.stop(), cached.stop()]);
  await fake.stop();
  await database.drop();
}
