// Assembles what the domain functions need from the app's plugins, once, with the caller's logger.
import { FeedbackGenerationTask } from '@persona-lab/contracts';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import { completeIfFinished, type CompletionDeps } from '../domain/completion.js';
import type { ResultDeps } from '../domain/result-generation.js';
import type { SessionQuotas } from '../domain/session-quotas.js';
import type { SessionDeps, SessionEvent } from '../domain/sessions.js';

declare module 'fastify' {
  interface FastifyInstance {
    sessionDeps(log: FastifyBaseLogger): SessionDeps;
    completionDeps(log: FastifyBaseLogger): CompletionDeps;
    resultDeps(log: FastifyBaseLogger): ResultDeps;
  }
}

async function domainDeps(app: FastifyInstance, options: { quotas: SessionQuotas }): Promise<void> {
  const announce = (sessionId: string) => app.progressFeed.announce(sessionId);
  const sessions = new Counter({
    name: 'feedback_sessions_total',
    help: 'Feedback sessions by lifecycle event: started, completed, failed, cancelled',
    labelNames: ['event'],
    registers: [app.metrics],
  });
  const recordSession = (event: SessionEvent) => sessions.inc({ event });

  app.decorate('sessionDeps', (log: FastifyBaseLogger): SessionDeps => ({
    db: app.db,
    log,
    announce,
    recordSession,
    completeIfFinished: (sessionId, requestId) => completeIfFinished(app.completionDeps(log), sessionId, requestId),
    findOrCreatePersonas: app.findOrCreatePersonas,
    quotas: options.quotas,
    dispatchResults: async (sessionId, resultIds, requestId) => {
      await Promise.all(resultIds.map((resultId) => app.broker.publish(FeedbackGenerationTask, { resultId, sessionId, requestId }, { requestId })));
    },
  }));

  app.decorate('completionDeps', (log: FastifyBaseLogger): CompletionDeps => ({
    db: app.db,
    log,
    announce,
    recordSession,
    withLock: app.withLock,
    aggregateThemes: (concerns, requestId) => app.ai.aggregateThemes(concerns, requestId),
  }));

  app.decorate('resultDeps', (log: FastifyBaseLogger): ResultDeps => ({
    ...app.completionDeps(log),
    generateFeedback: (input, requestId) => app.ai.generateFeedback(input, requestId),
    classify: (error) => app.ai.classify(error),
  }));
}

export const domainDepsPlugin = fp(domainDeps, {
  name: 'feedback-domain-deps',
  dependencies: ['persona-lab-prisma', 'persona-lab-broker', 'feedback-locks', 'feedback-progress-feed', 'feedback-persona-directory', 'feedback-ai'],
});
