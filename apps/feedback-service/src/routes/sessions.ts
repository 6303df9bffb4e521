// HTTP for the signed-in user's feedback sessions: schemas, auth, and calls into the domain.
import { Readable } from 'node:stream';

import {
  ExportQuery,
  FeedbackResultListQuery,
  FeedbackResultPage,
  FeedbackSession,
  FeedbackSessionEstimate,
  FeedbackSessionListQuery,
  FeedbackSessionPage,
  FeedbackSessionParams,
  StartFeedbackSessionRequest,
  StartFeedbackSessionResponse,
} from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { contextOf, Errors, problemResponses } from '@persona-lab/service-kit';
import { Type } from 'typebox';

import { cancelSession } from '../domain/cancel.js';
import { estimateSession } from '../domain/estimate.js';
import { csvStream, exportRowPages, jsonExport, toMarkdown } from '../domain/export.js';
import { questionsOfSession } from '../domain/questions.js';
import { replaySession } from '../domain/replay.js';
import { getSession, listResults, listSessions, startSession } from '../domain/sessions.js';

const docs = { tags: ['feedback sessions'], security: [{ bearerAuth: [] }] };

export async function sessionRoutes(app: App): Promise<void> {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/feedback-sessions',
    {
      preHandler: app.idempotent,
      schema: {
        ...docs,
        description: 'Starts a session. Honours Idempotency-Key (5 minutes, per user).',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })) }),
        body: StartFeedbackSessionRequest,
        response: { 202: StartFeedbackSessionResponse, ...problemResponses(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const started = await startSession(app.feedback, request.userId, request.body, contextOf(request));
      return reply.status(202).header('location', `/feedback-sessions/${started.sessionId}`).send(started);
    },
  );

  app.post(
    '/feedback-sessions/:id/replay',
    {
      preHandler: app.idempotent,
      schema: {
        ...docs,
        description:
          "Starts a new session with the finished session's products, personas (not regenerated), language and seed. Answers the " +
          'AI gateway has cached for the same request are served again, so an unchanged study comes back identical at no cost. ' +
          'Honours Idempotency-Key (5 minutes, per user).',
        params: FeedbackSessionParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })) }),
        response: { 202: StartFeedbackSessionResponse, ...problemResponses(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const started = await replaySession(app.feedback, request.userId, request.params.id, contextOf(request));
      return reply.status(202).header('location', `/feedback-sessions/${started.sessionId}`).send(started);
    },
  );

  app.post(
    '/feedback-sessions/estimate',
    {
      schema: {
        ...docs,
        description:
          'What the same body would cost as a start: model calls by kind, tokens and cost as ranges (null cost when a price is unknown). Stores and reserves nothing.',
        body: StartFeedbackSessionRequest,
        response: { 200: FeedbackSessionEstimate, ...problemResponses(400, 401, 404, 503) },
      },
    },
    async (request) => estimateSession(app.feedback, request.userId, request.body, contextOf(request)),
  );

  app.get(
    '/feedback-sessions',
    { schema: { ...docs, querystring: FeedbackSessionListQuery, response: { 200: FeedbackSessionPage, ...problemResponses(400, 401) } } },
    async (request) => listSessions(app.db, request.userId, request.query),
  );

  app.get(
    '/feedback-sessions/:id',
    {
      schema: {
        ...docs,
        description:
          "The session's status, progress, insights, usage and budget. Its results are read by page from " +
          '`GET /feedback-sessions/:id/results` or as a file from `GET /feedback-sessions/:id/export`.',
        params: FeedbackSessionParams,
        response: { 200: FeedbackSession, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => getSession(app.db, request.userId, request.params.id),
  );

  app.get(
    '/feedback-sessions/:id/results',
    {
      schema: {
        ...docs,
        description:
          "A page of the session's results in the order they were created (at most 100 a page), filtered by product, persona, " +
          'status and purchase intent; each with its persona, SSR rating and usage.',
        params: FeedbackSessionParams,
        querystring: FeedbackResultListQuery,
        response: { 200: FeedbackResultPage, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => listResults(app.db, request.userId, request.params.id, request.query),
  );

  app.post(
    '/feedback-sessions/:id/cancel',
    { schema: { ...docs, params: FeedbackSessionParams, response: { 200: FeedbackSession, ...problemResponses(400, 401, 404, 409) } } },
    async (request) => {
      await cancelSession(app.feedback, request.userId, request.params.id, contextOf(request));
      return getSession(app.db, request.userId, request.params.id);
    },
  );

  app.get(
    '/feedback-sessions/:id/export',
    {
      schema: {
        ...docs,
        description:
          'The finished session as CSV or JSON (one row per result, ordered by product and persona, then one per answer to a ' +
          'question to the panel), streamed from the database page by page, or a Markdown report of its insights and questions.',
        params: FeedbackSessionParams,
        querystring: ExportQuery,
        response: { 200: Type.Any(), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const session = await getSession(app.db, request.userId, request.params.id);
      if (session.status === 'IN_PROGRESS' || session.status === 'PENDING') {
        throw new Errors.Conflict('The session is still running; export it once it has finished');
      }
      const name = `feedback-session-${session.id}`;
      switch (request.query.format) {
        case 'csv':
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(csvStream(exportRowPages(app.db, session)));
        case 'md':
          return reply
            .type('text/markdown; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.md"`)
            .send(toMarkdown(session, await questionsOfSession(app.db, session.id)));
        default:
          return reply
            .type('application/json')
            .header('content-disposition', `attachment; filename="${name}.json"`)
            .send(Readable.from(jsonExport(app.db, session)));
      }
    },
  );
}
