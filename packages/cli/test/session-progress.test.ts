import type { SessionProgressEvent, SessionStatus } from '@persona-lab/contracts';
import { describe, expect, test } from 'vitest';

import { ProblemError, ServiceUnavailableError } from '../src/errors.js';
import { followProgress } from '../src/session-progress.js';

const SESSION_ID = '6f1c2a54-1111-4111-8111-111111111111';
const event = (status: SessionStatus, completed: number): SessionProgressEvent => ({
  sessionId: SESSION_ID,
  status,
  progress: { total: 4, completed, failed: 0, pending: 4 - completed, cancelled: 0 },
});

/** A progress stream that yields `events` and then ends, or fails with `error`. */
async function* stream(events: SessionProgressEvent[], error?: Error): AsyncGenerator<SessionProgressEvent> {
  yield* events;
  if (error) throw error;
}

function follow(streams: (() => AsyncGenerator<SessionProgressEvent>)[], snapshot = event('IN_PROGRESS', 2)) {
  const seen: SessionProgressEvent[] = [];
  const reconnects: string[] = [];
  let opened = 0;
  let snapshots = 0;
  const done = followProgress({
    sessionId: SESSION_ID,
    events: () => streams[opened++]!(),
    snapshot: async () => {
      snapshots += 1;
      return snapshot;
    },
    onProgress: (e) => seen.push(e),
    onReconnect: (reason) => reconnects.push(reason),
  });
  return { done, seen, reconnects, opened: () => opened, snapshots: () => snapshots };
}

describe('following a session', () => {
  test('reports each event and returns the final one when the session finishes', async () => {
    const run = follow([() => stream([event('IN_PROGRESS', 0), event('IN_PROGRESS', 3), event('COMPLETED', 4)])]);
    await expect(run.done).resolves.toEqual(event('COMPLETED', 4));
    expect(run.seen.map((e) => e.progress.completed)).toEqual([0, 3, 4]);
    expect(run.snapshots()).toBe(0);
  });

  test('shows the latest snapshot and reconnects once when the stream drops', async () => {
    const run = follow([
      () => stream([event('IN_PROGRESS', 1)], new ServiceUnavailableError('The connection to feedback-service dropped')),
      () => stream([event('IN_PROGRESS', 2), event('FAILED', 3)]),
    ]);
    await expect(run.done).resolves.toEqual(event('FAILED', 3));
    expect(run.reconnects).toEqual(['The connection to feedback-service dropped']);
    expect(run.seen.map((e) => e.progress.completed)).toEqual([1, 2, 2, 3]);
    expect(run.opened()).toBe(2);
  });

  test('treats a stream that ends before the session finished as dropped', async () => {
    const run = follow([() => stream([event('IN_PROGRESS', 1)]), () => stream([event('COMPLETED', 4)])]);
    await expect(run.done).resolves.toEqual(event('COMPLETED', 4));
    expect(run.reconnects).toEqual(['the stream ended before the session finished']);
  });

  test('stops without a second stream when the snapshot shows the session finished', async () => {
    const run = follow([() => stream([], new ServiceUnavailableError('dropped'))], event('COMPLETED', 4));
    await expect(run.done).resolves.toEqual(event('COMPLETED', 4));
    expect(run.opened()).toBe(1);
  });

  test('gives up with a service-unavailable error when the stream drops twice', async () => {
    const dropped = () => stream([], new ServiceUnavailableError('dropped'));
    const run = follow([dropped, dropped]);
    await expect(run.done).rejects.toThrow(new RegExp(`Lost the progress stream of session ${SESSION_ID} twice \\(dropped\\)`));
    await expect(run.done).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  test('does not reconnect after a refusal such as 404', async () => {
    const notFound = new ProblemError('feedback-service', 404, { code: 'NOT_FOUND', detail: 'Feedback session not found' });
    const run = follow([() => stream([], notFound)]);
    await expect(run.done).rejects.toBe(notFound);
    expect(run.snapshots()).toBe(0);
  });
});
