// API benchmark (issue #7): requests/s of authenticated GET /products (20 items) on product-api
// against a bare Fastify + pg baseline doing the same work, in the same run, and POST /auth/login
// throughput with the argon2 parameters in force. Everything listens on 127.0.0.1; every child
// process is stopped and the database dropped at the end, even on error or Ctrl-C.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { AuthToken, ProductInput, ProductPage } from '@persona-lab/contracts';
import { createTestDatabase, serviceBuildFromEnv, serviceCommand } from '@persona-lab/testing';
import pg from 'pg';

import { requestJson } from './lib/http.js';
import { type LoadFigures, type LoadOptions, measure } from './lib/load.js';
import { freePort, type RunningService, startService } from './lib/processes.js';
import { ratioAgainst } from './lib/report.js';
import { describeMachine, loadAverage, onCleanup, runBenchmark } from './lib/run.js';
import { type BenchSettings, readSettings } from './lib/settings.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PRODUCT_COUNT = 20;
const RATIO_TARGET = 0.7;
/** Start-up, arranging and tearing down, on top of the load itself. */
const OVERHEAD_BOUND_SECONDS = 180;

const settings = readSettings();
const from = serviceBuildFromEnv();

function timeLimitSeconds(s: BenchSettings): number {
  const loginSeconds = s.login ? s.warmupSeconds + s.durationSeconds : 0;
  return 2 * s.warmupSeconds + 2 * s.rounds * s.durationSeconds + loginSeconds + OVERHEAD_BOUND_SECONDS;
}

async function start(name: string, entry: string, env: Record<string, string>): Promise<RunningService> {
  const service = await startService({ name, cwd: REPO_ROOT, entry, port: await freePort(), env });
  onCleanup(() => service.stop());
  return service;
}

/** One of the apps, from source or dist as BENCH_FROM says (BENCH_NODE_FLAGS replacing its start script's flags). */
async function startApp(app: string, env: Record<string, string>): Promise<RunningService> {
  const command = serviceCommand(app, from, process.env.BENCH_NODE_FLAGS);
  console.log(`${app} runs from ${from}: ${command.text}`);
  const cwd = path.join(REPO_ROOT, command.cwd);
  const service = await startService({
    name: app,
    cwd,
    entry: '',
    args: command.args,
    port: await freePort(),
    env: { ...command.env, ...env },
  });
  onCleanup(() => service.stop());
  return service;
}

function sampleProduct(index: number): ProductInput {
  return {
    name: `Benchmark product ${index + 1}`,
    description: `A product made for the API benchmark, number ${index + 1}, with a description of ordinary length.`,
    price: `${(index + 1) * 3}.99`,
    category: index % 2 === 0 ? 'kitchen' : 'outdoor',
    keyFeatures: ['durable', 'light', `feature ${index + 1}`],
  };
}

/** Both servers must answer the same page, or the comparison would not be of the same work. */
function assertSamePage(ours: ProductPage, baseline: ProductPage): void {
  if (ours.items.length !== PRODUCT_COUNT || ours.total !== PRODUCT_COUNT) {
    throw new Error(`product-api answered ${ours.items.length} items of ${ours.total}, expected ${PRODUCT_COUNT}`);
  }
  // Both emit the contract's property order, so equal pages serialise to equal text.
  if (JSON.stringify(ours) !== JSON.stringify(baseline)) {
    throw new Error(`The baseline's page differs from product-api's:\n${JSON.stringify(baseline)}\n${JSON.stringify(ours)}`);
  }
}

async function argon2ParametersOf(databaseUrl: string, email: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email]);
    // An encoded argon2 hash reads $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
    const [, variant, , parameters] = rows[0]?.password_hash.split('$') ?? [];
    return `${variant} ${parameters}`;
  } finally {
    await client.end();
  }
}

const format = (n: number, digits = 0) => n.toFixed(digits).padStart(8);
const line = (label: string, f: LoadFigures) =>
  `  ${label.padEnd(28)}${format(f.requestsPerSecond)} req/s   p50 ${format(f.p50Ms, 1)} ms   p99 ${format(f.p99Ms, 1)} ms`;
/** The median round, so one round disturbed by other work on the machine does not decide the result. */
function medianRate(figures: LoadFigures[]): number {
  const rates = figures.map((f) => f.requestsPerSecond).sort((a, b) => a - b);
  const middle = Math.floor(rates.length / 2);
  return rates.length % 2 === 1 ? rates[middle]! : (rates[middle - 1]! + rates[middle]!) / 2;
}

async function benchProducts(product: RunningService, baseline: RunningService, token: string): Promise<void> {
  const load = (service: RunningService): LoadOptions => ({
    url: `${service.baseUrl}/products`,
    headers: { authorization: `Bearer ${token}` },
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
  });
  for (const service of [product, baseline]) await measure({ ...load(service), durationSeconds: settings.warmupSeconds });

  console.log(`\nGET /products, authenticated, ${PRODUCT_COUNT} items (${settings.connections} connections)`);
  const ours: LoadFigures[] = [];
  const bare: LoadFigures[] = [];
  // Alternating the order each round spreads any drift in the machine's load over both sides.
  for (let round = 1; round <= settings.rounds; round += 1) {
    const order = round % 2 === 1 ? [product, baseline] : [baseline, product];
    for (const service of order) {
      const figures = await measure(load(service));
      (service === product ? ours : bare).push(figures);
      console.log(line(`round ${round} ${service.name}`, figures));
    }
  }
  const ratio = medianRate(ours) / medianRate(bare);
  console.log(`  product-api:              ${format(medianRate(ours))} req/s (median of ${settings.rounds} rounds)`);
  console.log(`  bare Fastify + pg:        ${format(medianRate(bare))} req/s`);
  console.log(`  ratio product-api / baseline: ${ratioAgainst(ratio, { atLeast: RATIO_TARGET })}`);
}

async function benchLogin(auth: RunningService, credentials: { email: string; password: string }, argon2: string): Promise<void> {
  const load: LoadOptions = {
    url: `${auth.baseUrl}/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
    connections: settings.loginConnections,
    durationSeconds: settings.durationSeconds,
  };
  await measure({ ...load, durationSeconds: settings.warmupSeconds });
  console.log(`\nPOST /auth/login, ${argon2} (${settings.loginConnections} connections)`);
  console.log(line('auth-api', await measure(load)));
}

async function main(): Promise<void> {
  console.log(`API benchmark, ${describeMachine()}`);
  console.log(`${settings.rounds} rounds of ${settings.durationSeconds} s per server after a ${settings.warmupSeconds} s warm-up`);

  const database = await createTestDatabase();
  onCleanup(() => database.drop());
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };

  const auth = await startApp('auth-api', {
    ...env,
    // Every login comes from 127.0.0.1: the limits are raised so the benchmark measures hashing, not throttling.
    LOGIN_LIMIT_NAMESPACE: `bench-${randomBytes(4).toString('hex')}`,
    LOGIN_IP_MAX_ATTEMPTS: '1000000000',
    LOGIN_EMAIL_IP_MAX_FAILURES: '1000000000',
    LOGIN_EMAIL_MAX_FAILURES: '1000000000',
  });
  const credentials = { email: `bench-${randomBytes(4).toString('hex')}@example.com`, password: 'benchmark password 1' };
  const { accessToken } = await requestJson<AuthToken>('POST', `${auth.baseUrl}/auth/register`, { body: credentials, expect: 201 });

  const product = await startApp('product-api', env);
  const baseline = await start('bare Fastify + pg', 'packages/bench/src/baseline-products-server.ts', env);
  for (let index = 0; index < PRODUCT_COUNT; index += 1) {
    await requestJson('POST', `${product.baseUrl}/products`, { body: sampleProduct(index), token: accessToken, expect: 201 });
  }
  const [ours, bare] = await Promise.all(
    [product, baseline].map((service) =>
      requestJson<ProductPage>('GET', `${service.baseUrl}/products`, { token: accessToken, expect: 200 }),
    ),
  );
  assertSamePage(ours!, bare!);

  await benchProducts(product, baseline, accessToken);
  // Only auth-api runs while logins are measured.
  await Promise.all([product.stop(), baseline.stop()]);
  if (settings.login) await benchLogin(auth, credentials, await argon2ParametersOf(database.url, credentials.email));
  console.log(`\nload average (1 min) at end: ${loadAverage()}`);
}

await runBenchmark('The API benchmark', timeLimitSeconds(settings), main);
