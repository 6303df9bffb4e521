// Fair sharing (issue 17): another user's small session (10 results) while one user's large session
// runs, against the same small session on the idle platform in the same run. The ratio is the figure
// (target <= 2). Each small session is timed as its user sees it, POST → COMPLETED on its own SSE
// stream; the large session is started once, runs under every loaded round, and is cancelled at the end.
import type { StartFeedbackSessionResponse } from '@persona-lab/contracts';

import { type FeedbackPlatform, startFeedbackPlatform } from './lib/feedback-platform.js';
import { requestJson } from './lib/http.js';
import { ms, ratioAgainst } from './lib/report.js';
import { describeMachine, loadAverage, runBenchmark } from './lib/run.js';
import { FEEDBACK_PREFETCH, GATEWAY_CONCURRENCY, SESSION_MAX_IN_FLIGHT } from './lib/service-defaults.js';
import { runSession, type SessionRun } from './lib/session-run.js';
import { positiveInteger } from './lib/settings.js';

const RATIO_TARGET = 2;
const latencyMs = positiveInteger('BENCH_LATENCY_MS', 200);
const concurrency = positiveInteger('BENCH_GATEWAY_CONCURRENCY', GATEWAY_CONCURRENCY);
const prefetch = positiveInteger('BENCH_PREFETCH', FEEDBACK_PREFETCH);
const sessionWindow = positiveInteger('BENCH_SESSION_WINDOW', SESSION_MAX_IN_FLIGHT);
const largePersonas = positiveInteger('BENCH_LARGE_PERSONAS', 1_000);
const largeProducts = positiveInteger('BENCH_LARGE_PRODUCTS', 2);
const smallPersonas = positiveInteger('BENCH_SMALL_PERSONAS', 10);
const rounds = positiveInteger('BENCH_ROUNDS', 3);
const largeResults = largePersonas * largeProducts;
const smallTimeoutMs = 120_000;
const largeBoundSeconds = Math.ceil((largeResults / concurrency) * latencyMs * 5) / 1_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function unfinishedOf(platform: FeedbackPlatform, sessionId: string) {
  const [inFlight, waiting] = await Promise.all([
    platform.db.feedbackResult.count({ where: { sessionId, status: { in: ['PENDING', 'IN_PROGRESS'] }, dispatchedAt: { not: null } } }),
    platform.db.feedbackResult.count({ where: { sessionId, status: 'PENDING', dispatchedAt: null } }),
  ]);
  return { inFlight, waiting };
}

async function main(): Promise<void> {
  console.log(`Fair sharing, ${describeMachine()}`);
  console.log(
    `L = ${latencyMs} ms, gateway C = ${concurrency}, FEEDBACK_PREFETCH = ${prefetch}, SESSION_MAX_IN_FLIGHT = ${sessionWindow}, ` +
      `one feedback-service instance (HTTP and consumers); large session ${largePersonas} × ${largeProducts} = ${largeResults} results ` +
      `(user A), small session ${smallPersonas} × 1 (user B), ${rounds} rounds each`,
  );
  const platform = await startFeedbackPlatform({
    latencyMs,
    gatewayConcurrency: concurrency,
    prefetch,
    sessionWindow,
    httpInstanceConsumes: true,
  });
  const large = await platform.seed(largeProducts, largePersonas);
  const small = await platform.seed(1, smallPersonas);
  const runSmall = () => runSession(platform, small, { personas: smallPersonas, products: 1, timeoutMs: smallTimeoutMs });

  const warmup = await runSmall();
  console.log(`warm-up session: ${warmup.results} results in ${ms(warmup.wallMs)} (not counted)`);

  const idle: SessionRun[] = [];
  for (let round = 0; round < rounds; round += 1) idle.push(await runSmall());
  console.log(`\nidle platform:   ${idle.map((r) => ms(r.wallMs)).join(', ')}`);

  const { sessionId: largeId } = await requestJson<StartFeedbackSessionResponse>('POST', `${platform.http.url}/feedback-sessions`, {
    token: large.token,
    body: { productIds: large.productIds, personaIds: large.personaIds, language: 'en' },
    expect: 202,
  });
  // Let the large session reach its steady state before timing anything beside it.
  const steadyDeadline = Date.now() + 60_000;
  while ((await platform.db.feedbackResult.count({ where: { sessionId: largeId, status: 'COMPLETED' } })) < 2 * concurrency) {
    if (Date.now() > steadyDeadline) throw new Error('the large session did not get going within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const loaded: SessionRun[] = [];
  const beside: string[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const before = await unfinishedOf(platform, largeId);
    loaded.push(await runSmall());
    const after = await unfinishedOf(platform, largeId);
    // Without a window the small session may wait for the whole large one: that is the figure then.
    const ended = after.inFlight + after.waiting === 0 ? ' (the large session had finished: the small one waited for all of it)' : '';
    beside.push(`${before.inFlight} in flight / ${before.waiting} waiting → ${after.inFlight} / ${after.waiting}${ended}`);
  }
  console.log(`beside the large session: ${loaded.map((r) => ms(r.wallMs)).join(', ')}`);
  for (const [round, text] of beside.entries()) console.log(`  round ${round + 1}, large session's tasks: ${text}`);

  const idleMs = median(idle.map((r) => r.wallMs));
  const loadedMs = median(loaded.map((r) => r.wallMs));
  const ratio = loadedMs / idleMs;
  console.log(`\nsmall session, median of ${rounds}: idle ${ms(idleMs)}, beside the large session ${ms(loadedMs)}`);
  console.log(`ratio loaded / idle: ${ratioAgainst(ratio, { atMost: RATIO_TARGET })}`);

  await requestJson('POST', `${platform.http.url}/feedback-sessions/${largeId}/cancel`, { token: large.token, expect: 200 });
  console.log(`\nload average (1 min) at end: ${loadAverage()}`);
}

await runBenchmark('The fairness benchmark', 240 + largeBoundSeconds + (2 * rounds + 1) * (smallTimeoutMs / 1_000), main);
