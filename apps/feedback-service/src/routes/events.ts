// The live progress of a session as Server-Sent Events: a `progress` event now and on every change,
// until the session finishes and no question to its panel is being answered (then the stream ends).
// No polling: changes arrive through the progress feed.
import { setTimeout as sleep } from 'node:timers/promises';

import { FeedbackSessionParams, type SessionProgressEvent } from '@persona-lab/contracts';
import { type App, problemResponses } from '@persona-lab/service-kit';

import { getProgress } from '../domain/sessions.js';

export const HEARTBEAT_MS = 15_000;
/**
 * The least time between two reads of a stream's progress. Every stored result announces its session,
 * so a busy session would otherwise keep each open stream reading back to back (three statements, one
 * counting the session's results by status, for every read); four reads a second is a smooth bar.
 */
export const PROGRESS_READ_INTERVAL_MS = 250;
const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** The stream ends once the session has finished and none of its questions to the panel is being answered. */
const isOver = (event: SessionProgressEvent) =>
  FINISHED.has(event.status) && !(event.questions ?? []).some((question) => question.status === 'IN_PROGRESS');

export async function eventRoutes(app: App): Promise<void> {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/feedback-sessions/:id/events',
    {
      schema: {
        tags: ['feedback sessions'],
        security: [{ bearerAuth: [] }],
        description: 'text/event-stream of `progress` events ({sessionId, status, progress}) until the session finishes.',
        params: FeedbackSessionParams,
        response: problemResponses(401, 404, 429, 503),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      let lastReadAt = Date.now();
      const first = await getProgress(app.db, request.userId, id); // 404 for a foreign or missing session
      const slot = await app.streamSlots.acquire(request.userId); // 429 beyond the user's open streams
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });

      let closed = false;
      const watching: { stop?: () => Promise<void> } = {};
      const heartbeat = setInterval(() => {
        stream.write(': keep-alive\n\n');
        void slot.renew();
      }, HEARTBEAT_MS);

      const finish = async () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        await slot.release();
        await watching.stop?.();
        stream.end();
      };
      let lastSent = '';
      const send = (event: SessionProgressEvent) => {
        const data = JSON.stringify(event);
        if (data === lastSent) return; // several announcements, one change: say it once
        lastSent = data;
        stream.write(`event: progress\ndata: ${data}\n\n`);
        if (isOver(event)) void finish();
      };
      // Announcements may come faster than snapshots are read: one read at a time, at most one per
      // PROGRESS_READ_INTERVAL_MS, and the announcements that arrive meanwhile are answered together
      // by one more read.
      let reading = false;
      let stale = false;
      const refresh = async (): Promise<void> => {
        if (reading) {
          stale = true;
          return;
        }
        reading = true;
        try {
          do {
            const wait = lastReadAt + PROGRESS_READ_INTERVAL_MS - Date.now();
            if (wait > 0) await sleep(wait);
            stale = false; // the read below covers every announcement until now
            lastReadAt = Date.now();
            if (!closed) send(await getProgress(app.db, request.userId, id));
          } while (stale && !closed);
        } catch (err) {
          request.log.warn({ err: (err as Error).message }, 'progress stream refresh failed');
        } finally {
          reading = false;
        }
      };

      request.raw.on('close', () => void finish());
      watching.stop = await app.progressFeed.watch(id, () => void refresh());
      if (closed) await watching.stop(); // the client left while subscribing
      send(first);
      // A change between the first read and the subscription would be missed: read once more.
      if (!closed) void refresh();
    },
  );
}
