// The live progress of a session as Server-Sent Events: a `progress` event now and on every change,
// until the session finishes (then the stream ends). No polling: changes arrive through the progress feed.
import { FeedbackSessionParams, type SessionProgressEvent } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { Type } from 'typebox';
import { getSession } from '../domain/sessions.js';

const HEARTBEAT_MS = 15_000;
const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

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
        response: { 404: Type.Ref('ProblemDetails'), 401: Type.Ref('ProblemDetails') },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const first = await getSession(app.db, request.userId, id); // 404 for a foreign or missing session
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });

      let closed = false;
      let sending: Promise<void> = Promise.resolve();
      const watching: { stop?: () => Promise<void> } = {};
      const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);

      const finish = async () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        await watching.stop?.();
        stream.end();
      };
      const send = (event: SessionProgressEvent) => {
        stream.write(`event: progress\ndata: ${JSON.stringify(event)}\n\n`);
        if (FINISHED.has(event.status)) void finish();
      };
      // Announcements may come faster than snapshots are read: read one at a time, in order.
      const refresh = () => {
        sending = sending.then(async () => {
          if (closed) return;
          const session = await getSession(app.db, request.userId, id);
          send({ sessionId: id, status: session.status, progress: session.progress });
        }).catch((err: Error) => request.log.warn({ err: err.message }, 'progress stream refresh failed'));
      };

      request.raw.on('close', () => void finish());
      watching.stop = await app.progressFeed.watch(id, refresh);
      if (closed) await watching.stop(); // the client left while subscribing
      send({ sessionId: id, status: first.status, progress: first.progress });
      // A change between the first read and the subscription would be missed: read once more.
      if (!closed) refresh();
    },
  );
}
