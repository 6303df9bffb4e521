// One feedback session timed the way a user sees it: from POST /feedback-sessions until the
// session's own progress stream (Server-Sent Events) says it finished.
import type { SessionProgressEvent, StartFeedbackSessionResponse } from '@persona-lab/contracts';

import type { FeedbackPlatform, Seed } from './feedback-platform.js';
import { requestJson } from './http.js';
import type { ProviderProbe } from './timed-provider.js';

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface SessionRun {
  sessionId: string;
  results: number;
  /** POST sent → finished event received, in ms. */
  wallMs: number;
  /** The session's own createdAt → completedAt, as stored. */
  storedMs: number;
  /** When the POST was sent, in ms since the epoch (the provider's spans use the same clock). */
  startedAtMs: number;
  final: SessionProgressEvent;
  probe: ProviderProbe;
}

/**
 * The `progress` events in a chunk of the stream, and the unfinished rest. The server writes only
 * `event:` and `data:` lines and `:` comments (heartbeats), one event per blank-line-ended block.
 * (eventsource-parser's package exports a "source" condition, which this workspace's typecheck
 * then compiles, and fails on.)
 */
function takeProgressEvents(buffer: string): { events: SessionProgressEvent[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    const lines = block.split('\n');
    if (!lines.includes('event: progress')) return [];
    const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length));
    return [JSON.parse(data.join('\n')) as SessionProgressEvent];
  });
  return { events, rest };
}

/** Reads the session's event stream until a finished status arrives; resolves with that event. */
async function waitUntilFinished(baseUrl: string, sessionId: string, token: string, timeoutMs: number): Promise<SessionProgressEvent> {
  const response = await fetch(`${baseUrl}/feedback-sessions/${sessionId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200 || !response.body) throw new Error(`GET /feedback-sessions/${sessionId}/events answered ${response.status}`);
  let finished: SessionProgressEvent | undefined;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    const { events, rest } = takeProgressEvents(buffer + decoder.decode(chunk, { stream: true }));
    buffer = rest;
    finished = events.find((event) => FINISHED.has(event.status));
    if (finished) break;
  }
  if (!finished) throw new Error(`The progress stream of session ${sessionId} ended before the session finished`);
  return finished;
}

const POLL_INTERVAL_MS = 50;

/** The other way to wait (BENCH_WAIT=poll): read the stored status every 50 ms, with no stream open. */
async function pollUntilFinished(platform: FeedbackPlatform, sessionId: string, timeoutMs: number): Promise<SessionProgressEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status, totalResults } = await platform.db.feedbackSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: { status: true, totalResults: true },
    });
    if (FINISHED.has(status)) {
      const failed = await platform.db.feedbackResult.count({ where: { sessionId, status: 'FAILED' } });
      const completed = await platform.db.feedbackResult.count({ where: { sessionId, status: 'COMPLETED' } });
      return {
        sessionId,
        status,
        progress: { total: totalResults, completed, failed, pending: 0, cancelled: totalResults - completed - failed },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`Session ${sessionId} did not finish within ${timeoutMs} ms`);
}

/** How a run waits for the end of a session: the product's own SSE stream, unless BENCH_WAIT=poll. */
export const waitMode = process.env.BENCH_WAIT === 'poll' ? 'poll' : 'sse';

export async function runSession(
  platform: FeedbackPlatform,
  seed: Seed,
  { personas, products, timeoutMs }: { personas: number; products: number; timeoutMs: number },
): Promise<SessionRun> {
  await platform.provider.resetProbe();
  const startedAtMs = Date.now();
  const { sessionId } = await requestJson<StartFeedbackSessionResponse>('POST', `${platform.http.url}/feedback-sessions`, {
    token: seed.token,
    body: { productIds: seed.productIds.slice(0, products), personaIds: seed.personaIds.slice(0, personas), language: 'en' },
    expect: 202,
  });
  const final =
    waitMode === 'poll'
      ? await pollUntilFinished(platform, sessionId, timeoutMs)
      : await waitUntilFinished(platform.http.url, sessionId, seed.token, timeoutMs);
  const wallMs = Date.now() - startedAtMs;
  if (final.status !== 'COMPLETED' || final.progress.failed > 0) {
    throw new Error(`Session ${sessionId} finished ${final.status} with progress ${JSON.stringify(final.progress)}`);
  }
  const stored = await platform.db.feedbackSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { createdAt: true, completedAt: true },
  });
  return {
    sessionId,
    results: final.progress.total,
    wallMs,
    storedMs: (stored.completedAt?.getTime() ?? Number.NaN) - stored.createdAt.getTime(),
    startedAtMs,
    final,
    probe: structuredClone(await platform.provider.probe()),
  };
}
