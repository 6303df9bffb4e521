// Live progress without polling: whoever changes a session announces it on a Redis channel, and
// every instance forwards announcements to the progress streams it serves. One subscriber
// connection per instance, subscribed only to sessions someone is watching.
import { EventEmitter } from 'node:events';

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const channelOf = (prefix: string, sessionId: string) => `${prefix}:${sessionId}`;

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

  const feed: ProgressFeed = {
    async announce(sessionId) {
      // Best effort: a missed announcement only delays a progress bar until the next one.
      await app.redis.publish(channelOf(prefix, sessionId), '1').catch((err: Error) => {
        app.log.warn({ err: err.message, sessionId }, 'could not announce progress');
      });
    },
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
    subscriber.disconnect();
  });
}

export const progressFeedPlugin = fp(progressFeed, { name: 'feedback-progress-feed', dependencies: ['persona-lab-redis'] });
