// Live progress without polling: whoever changes a session announces it on a Redis channel, and
// every instance forwards announcements to the progress streams it serves. One subscriber
// connection per instance, subscribed only to sessions someone is watching.
//
// A busy session changes with every stored result (hundreds a second), and each announcement was a
// Redis round trip, while a stream reads progress at most every 250 ms (routes/events.ts). So an
// instance publishes a session's first announcement at once and gathers the ones of the next
// ANNOUNCE_INTERVAL_MS into one publish at its end: no change goes unannounced, none waits longer.
import { EventEmitter } from 'node:events';

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const channelOf = (prefix: string, sessionId: string) => `${prefix}:${sessionId}`;

export const ANNOUNCE_INTERVAL_MS = 100;

/** A session announced within the last interval: whether it changed again since, and the interval's end. */
interface Quiet {
  again: boolean;
  timer: NodeJS.Timeout;
}

export interface ProgressFeed {
  announce(sessionId: string): Promise<void>;
  /** Calls `listener` on every announcement of the session until the returned function is called. */
  watch(sessionId: string, listener: () => void): Promise<() => Promise<void>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    progressFeed: ProgressFeed;
  }
}

async function progressFeed(app: FastifyInstance, options: { channelPrefix?: string }): Promise<void> {
  const prefix = options.channelPrefix ?? 'feedback-progress';
  const subscriber = app.redis.duplicate();
  subscriber.on('error', (err) => app.log.warn({ err: err.message }, 'progress feed subscriber error'));
  const listeners = new EventEmitter();
  listeners.setMaxListeners(0);
  subscriber.on('message', (channel: string) => listeners.emit(channel));

  // Best effort: a missed announcement only delays a progress bar until the next one.
  const publish = (sessionId: string) =>
    app.redis.publish(channelOf(prefix, sessionId), '1').then(
      () => undefined,
      (err: Error) => app.log.warn({ err: err.message, sessionId }, 'could not announce progress'),
    );
  const quiet = new Map<string, Quiet>();
  const keepQuiet = (sessionId: string) => {
    const timer = setTimeout(() => {
      const changedAgain = quiet.get(sessionId)?.again;
      quiet.delete(sessionId);
      if (changedAgain) void announce(sessionId);
    }, ANNOUNCE_INTERVAL_MS);
    timer.unref();
    quiet.set(sessionId, { again: false, timer });
  };
  async function announce(sessionId: string): Promise<void> {
    const interval = quiet.get(sessionId);
    if (interval) {
      interval.again = true;
      return;
    }
    keepQuiet(sessionId);
    await publish(sessionId);
  }

  const feed: ProgressFeed = {
    announce,
    async watch(sessionId, listener) {
      const channel = channelOf(prefix, sessionId);
      listeners.on(channel, listener);
      if (listeners.listenerCount(channel) === 1) await subscriber.subscribe(channel);
      return async () => {
        listeners.off(channel, listener);
        if (listeners.listenerCount(channel) === 0) await subscriber.unsubscribe(channel).catch(() => undefined);
      };
    },
  };
  app.decorate('progressFeed', feed);
  app.addHook('onClose', async () => {
    const gathered = [...quiet].filter(([, interval]) => interval.again).map(([sessionId]) => sessionId);
    for (const { timer } of quiet.values()) clearTimeout(timer);
    quiet.clear();
    await Promise.all(gathered.map(publish));
    subscriber.disconnect();
  });
}

export const progressFeedPlugin = fp(progressFeed, { name: 'feedback-progress-feed', dependencies: ['persona-lab-redis'] });
