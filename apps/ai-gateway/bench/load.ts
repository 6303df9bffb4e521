// The load generator the gateway's benchmarks share: POSTs a fixed body to a target with a fixed
// number of requests in flight, latency percentiles and throughput, and the fake provider as a
// process of its own (bench/fake-provider-process.ts).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Target {
  label: string;
  url: URL;
  headers: Record<string, string>;
  /** The body of each request; a function makes one per request (its index). */
  body: string | ((index: number) => string);
}

export interface RunResult {
  latenciesMs: number[];
  seconds: number;
}

export interface Side {
  p50: number;
  p99: number;
  rps: number;
}

export function createLoad(concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

  function post(target: Target, index: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(target.url, { method: 'POST', agent, headers: target.headers }, (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${target.label}: HTTP ${res.statusCode}`))));
      });
      req.once('error', reject);
      req.end(typeof target.body === 'string' ? target.body : target.body(index));
    });
  }

  /** `count` requests, `concurrency` at a time; request i gets body(first + i). */
  async function run(target: Target, count: number, first = 0): Promise<RunResult> {
    const latenciesMs: number[] = [];
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const index = first + next++;
          const t0 = process.hrtime.bigint();
          await post(target, index);
          latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    return { latenciesMs, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }

  return { run, close: () => agent.destroy() };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export function summary(result: RunResult): Side {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), rps: result.latenciesMs.length / result.seconds };
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat:
 * divided by the calls in between, a cost per call that other processes' load hardly moves.
 */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
export const fixed = (value: number, digits = 2) => value.toFixed(digits);

/**
 * One of the benchmark's helper processes (a script beside this one, run under tsx): started with
 * `env`, it prints one JSON line once it listens, which is returned with a way to stop it (SIGTERM).
 */
async function startBenchProcess<T>(scriptName: string, env: Record<string, string>) {
  const script = fileURLToPath(new URL(scriptName, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const exited = once(child, 'exit');
  return {
    ready: JSON.parse(line) as T,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The fake provider as a child process answering every chat call after about `delayMs`. */
export async function startFakeProvider(delayMs: number) {
  const { ready, stop } = await startBenchProcess<{ baseUrl: string }>('./fake-provider-process.ts', { FAKE_DELAY_MS: String(delayMs) });
  return { baseUrl: ready.baseUrl, stop };
}

/** A bare Node HTTP hop in front of the provider at `providerBaseUrl` (bare-hop-process.ts). */
export async function startBareHop(providerBaseUrl: string, model: string, maxSockets: number) {
  const { ready, pid, stop } = await startBenchProcess<{ url: string }>('./bare-hop-process.ts', {
    HOP_PROVIDER_URL: providerBaseUrl,
    HOP_MODEL: model,
    HOP_MAX_SOCKETS: String(maxSockets),
  });
  return { url: ready.url, pid, stop };
}

/** The feedback request both gateway benchmarks send: one persona, one product. */
export const BENCH_FEEDBACK = {
  persona: { bio: 'Sarah is 34, a nurse in Leeds who hikes every weekend.', productAttitudes: 'Compares prices and waits for discounts.' },
  product: {
    name: 'TrailMate Boots',
    description: 'Waterproof hiking boots with a recycled sole and a two-year warranty.',
    price: '129.00',
    currency: 'EUR',
    category: 'outdoor',
    keyFeatures: ['waterproof', 'recycled sole', 'two-year warranty'],
  },
  language: 'en',
};
