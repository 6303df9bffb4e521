// The progress stream of a busy session: every stored result announces its session, and a stream
// reads the session's progress at most once per PROGRESS_READ_INTERVAL_MS, yet always ends on the
// latest state.
import { setTimeout as sleep } from 'node:timers/promises';

import { createUser, tokenFor } from '@persona-lab/testing';
import { describe, expect, it, vi } from 'vitest';

import { ANNOUNCE_INTERVAL_MS } from '../src/plugins/progress-feed.js';
import { PROGRESS_READ_INTERVAL_MS } from '../src/routes/events.js';
import { createProduct, useFeedbackService } from './helper.js';

const stack = useFeedbackService();
const app = () => stack.apps[0]!;
const RESULTS = 10;

/** A running session of RESULTS pending results whose tasks were never published: only the test changes them. */
async function heldSession(owner: string) {
  const { db } = app();
  const product = await createProduct(app(), owner);
  await db.persona.createMany({
    data: Array.from({ length: RESULTS }, (_, i) => ({ ownerId: owner, status: 'ACTIVE' as const, name: `Held ${i}`, age: 30 + i })),
  });
  const personas = await db.persona.findMany({ where: { ownerId: owner }, select: { id: true } });
  const session = await db.feedbackSession.create({
    data: {
      ownerId: owner,
      language: 'en',
      status: 'IN_PROGRESS',
      totalResults: RESULTS,
      products: { create: [{ productId: product.id, position: 0 }] },
    },
  });
  await db.feedbackResult.createMany({
    data: personas.map((persona) => ({ sessionId: session.id, productId: product.id, personaId: persona.id })),
  });
  return session.id;
}

describe('the progress stream of a busy session', () => {
  it(`reads progress at most once per ${PROGRESS_READ_INTERVAL_MS} ms however often results are announced, and ends on the latest`, async () => {
    const owner = await createUser(app().db);
    const sessionId = await heldSession(owner);
    const address = await app().listen({ host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const opened = Date.now();
    const response = await fetch(`${address}/feedback-sessions/${sessionId}/events`, {
      headers: tokenFor(owner),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const events: { progress: { completed: number } }[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let text = '';
      try {
        for await (const chunk of response.body!) {
          text += decoder.decode(chunk, { stream: true });
          // Only whole events (they end with a blank line); the rest waits for the next chunk.
          const end = text.lastIndexOf('\n\n');
          if (end < 0) continue;
          for (const match of text.slice(0, end + 1).matchAll(/^data: (.+)$/gm)) events.push(JSON.parse(match[1]!));
          text = text.slice(end + 2);
        }
      } catch {
        // aborted below
      }
    })();

    // Ten results stored 20 ms apart, each announced as the consumer announces it.
    const results = await app().db.feedbackResult.findMany({ where: { sessionId }, select: { id: true } });
    for (const result of results) {
      await app().db.feedbackResult.update({
        where: { id: result.id },
        data: { status: 'COMPLETED', purchaseIntent: 5, completedAt: new Date() },
      });
      await app().progressFeed.announce(sessionId);
      await sleep(20);
    }
    await sleep(3 * PROGRESS_READ_INTERVAL_MS);
    controller.abort();
    const watchedMs = Date.now() - opened;
    await reading;

    // The first read, then at most one per interval while the stream was open (4–5 on an idle
    // machine; one per change, 11, without the interval).
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.length).toBeLessThanOrEqual(1 + Math.ceil(watchedMs / PROGRESS_READ_INTERVAL_MS));
    expect(events.length).toBeLessThan(RESULTS + 1);
    expect(events.at(-1)!.progress.completed).toBe(RESULTS);
  });
});

describe("a session's announcements", () => {
  it(`are published at once, then gathered into one publish per ${ANNOUNCE_INTERVAL_MS} ms that comes after the last`, async () => {
    const sessionId = crypto.randomUUID();
    const publishes = vi.spyOn(app().redis, 'publish');
    const published = () => publishes.mock.calls.filter(([channel]) => String(channel).endsWith(sessionId)).length;
    const heard: number[] = [];
    const stop = await app().progressFeed.watch(sessionId, () => heard.push(Date.now()));
    try {
      await app().progressFeed.announce(sessionId);
      expect(published()).toBe(1);
      // Ten more within the interval that publish opened: one more publish, at its end.
      for (let i = 0; i < 10; i++) await app().progressFeed.announce(sessionId);
      const lastAnnounced = Date.now();
      expect(published()).toBe(1);
      await vi.waitFor(() => expect(heard).toHaveLength(2), { timeout: 20 * ANNOUNCE_INTERVAL_MS });
      expect(published()).toBe(2);
      expect(heard[1]!).toBeGreaterThanOrEqual(lastAnnounced);
      // Nothing was announced in the interval the second publish opened: it passes without one.
      await sleep(3 * ANNOUNCE_INTERVAL_MS);
      expect(published()).toBe(2);
      // A quiet session is announced at once again.
      await app().progressFeed.announce(sessionId);
      expect(published()).toBe(3);
      await vi.waitFor(() => expect(heard).toHaveLength(3));
    } finally {
      publishes.mockRestore();
      await stop();
    }
  });
});
