// Wires the feedback domain to the real world once, as `app.feedback`: the database, the ai-gateway,
// the persona-service, the broker, locks, the progress feed and the session metrics.
import { FeedbackGenerationTask, PanelAnswerTask } from '@persona-lab/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram } from 'prom-client';

import { createAnswerStore } from '../domain/answer-store.js';
import type { FeedbackDeps } from '../domain/deps.js';
import { createResultClaimer } from '../domain/result-claim.js';
import type { SessionQuotas } from '../domain/session-quotas.js';
import { type AnchorSet, createSsrRater } from '../domain/ssr-rater.js';

export interface DomainDepsOptions {
  quotas: SessionQuotas;
  sessionWindow: number;
  ssr: { anchorSets: AnchorSet[]; epsilon: number; temperature: number; embedTimeoutMs: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    feedback: FeedbackDeps;
  }
}

async function domainDeps(app: FastifyInstance, options: DomainDepsOptions): Promise<void> {
  const sessions = new Counter({
    name: 'feedback_sessions_total',
    help: 'Feedback sessions by lifecycle event: started, completed, failed, cancelled',
    labelNames: ['event'],
    registers: [app.metrics],
  });
  const completionSteps = new Histogram({
    name: 'feedback_session_completion_step_seconds',
    help:
      'Each step of completing a feedback session: check, lock, recheck, read (the panel), stats (the figures and ' +
      'intervals, beside the theme calls), themesAndStats (both done), write',
    labelNames: ['step'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [app.metrics],
  });

  app.decorate('feedback', {
    db: app.db,
    pg: app.pg,
    resultsPg: app.resultsPg,
    claimResult: createResultClaimer(app.resultsPg),
    storeAnswer: createAnswerStore(app.resultsPg, options.sessionWindow),
    ai: app.ai,
    ssr: createSsrRater(
      async (texts, requestId, onCall) => {
        const { vectors, call } = await app.ai.embed(texts, requestId, options.ssr.embedTimeoutMs);
        onCall?.(call);
        return vectors;
      },
      options.ssr.anchorSets,
      { epsilon: options.ssr.epsilon, temperature: options.ssr.temperature },
    ),
    statementEmbedTimeoutMs: options.ssr.embedTimeoutMs,
    findOrCreatePersonas: app.findOrCreatePersonas,
    publishTasks: async (sessionId, resultIds, requestId) => {
      await Promise.all(
        resultIds.map((resultId) => app.broker.publish(FeedbackGenerationTask, { resultId, sessionId, requestId }, { requestId })),
      );
    },
    publishAnswerTasks: async (sessionId, questionId, answerIds, requestId) => {
      await Promise.all(
        answerIds.map((answerId) => app.broker.publish(PanelAnswerTask, { answerId, questionId, sessionId, requestId }, { requestId })),
      );
    },
    announce: (sessionId) => app.progressFeed.announce(sessionId),
    withLock: app.withLock,
    recordSession: (event) => sessions.inc({ event }),
    recordCompletionSteps: (stepsMs) => {
      for (const [step, ms] of Object.entries(stepsMs)) completionSteps.observe({ step }, ms / 1000);
    },
    quotas: options.quotas,
    sessionWindow: options.sessionWindow,
  } satisfies FeedbackDeps);
}

export const domainDepsPlugin = fp(domainDeps, {
  name: 'feedback-domain-deps',
  dependencies: [
    'persona-lab-prisma',
    'feedback-results-pool',
    'persona-lab-broker',
    'feedback-locks',
    'feedback-progress-feed',
    'feedback-persona-directory',
    'feedback-ai',
  ],
});
