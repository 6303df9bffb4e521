// How late each service's event loop ran, span by span of a pass, read off its /metrics: prom-client's
// default metrics time a 10 ms timer (perf_hooks.monitorEventLoopDelay) and report the delays since the
// last scrape, so a benchmark that is the only scraper reads each span's delays at the span's end.
// This process's own loop is timed the same way. A loop that runs late holds everything it has in
// flight: on a busy machine a gateway whose loop runs late keeps its provider slots while the answers
// wait to be read, and the provider idles.
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { metricValue, readMetrics } from './service-metrics.js';

/** The timer the default metrics time (prom-client's `eventLoopMonitoringPrecision`): a delay counts beyond it. */
const TIMER_MS = 10;

export interface LoopDelayTarget {
  name: string;
  /** The service's base URL; its /metrics is read without a token. */
  url: string;
}

/** One span's delays of one service beyond the timer, in ms; undefined where the read failed. */
export interface LoopDelay {
  mean: number;
  p99: number;
}

/** This process's own loop (the benchmark's driver, and the fake provider where it runs here), timed the same way. */
function ownLoop(): { read(): LoopDelay; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: TIMER_MS });
  histogram.enable();
  return {
    read() {
      const delay = { mean: Math.max(0, histogram.mean / 1e6 - TIMER_MS), p99: Math.max(0, histogram.percentile(99) / 1e6 - TIMER_MS) };
      histogram.reset();
      return delay;
    },
    stop: () => histogram.disable(),
  };
}

export interface LoopDelayTimeline {
  spanMs: number;
  services: { name: string; spans: (LoopDelay | undefined)[] }[];
}

export interface LoopDelayMeter {
  /** Reads the last (partial) span and stops. */
  stop(): Promise<LoopDelayTimeline>;
}

async function readDelay(target: LoopDelayTarget): Promise<LoopDelay | undefined> {
  try {
    const metrics = await readMetrics(target.url);
    const [mean, p99] = [
      metricValue(metrics, 'nodejs_eventloop_lag_mean_seconds'),
      metricValue(metrics, 'nodejs_eventloop_lag_p99_seconds'),
    ];
    if (mean === undefined || p99 === undefined) return undefined;
    return { mean: Math.max(0, mean * 1_000 - TIMER_MS), p99: Math.max(0, p99 * 1_000 - TIMER_MS) };
  } catch {
    return undefined;
  }
}

/**
 * Starts reading the services' event-loop delays every `spanMs`, and this process's own under the name
 * `self`; the first read only opens the first span.
 */
export async function startLoopDelayMeter(targets: readonly LoopDelayTarget[], spanMs: number, self: string): Promise<LoopDelayMeter> {
  await Promise.all(targets.map(readDelay));
  const own = ownLoop();
  const spans: (LoopDelay | undefined)[][] = [...targets, self].map(() => []);
  const readAll = async () => {
    const delays = await Promise.all(targets.map(readDelay));
    [...delays, own.read()].forEach((delay, i) => spans[i]!.push(delay));
  };
  let reading = Promise.resolve();
  const timer = setInterval(() => {
    reading = reading.then(readAll);
  }, spanMs);
  return {
    async stop() {
      clearInterval(timer);
      await reading;
      await readAll();
      own.stop();
      const names = [...targets.map((target) => target.name), self];
      return { spanMs, services: names.map((name, i) => ({ name, spans: spans[i]! })) };
    },
  };
}

/** The timeline as rows of "mean/p99" per span, for a report. */
export function describeLoopDelays({ spanMs, services }: LoopDelayTimeline): string[] {
  const width = Math.max(...services.map((service) => service.name.length));
  const cell = (delay: LoopDelay | undefined) => (delay ? `${delay.mean.toFixed(0)}/${delay.p99.toFixed(0)}` : '-');
  return [
    `event-loop delay beyond a ${TIMER_MS} ms timer, mean/p99 ms of each ${spanMs / 1_000} s from the POST (each service's /metrics):`,
    ...services.map(({ name, spans }) => `  ${name.padEnd(width)} ${spans.map(cell).join(' ')}`),
  ];
}
