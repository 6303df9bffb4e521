// HTTP for questions to the panel of the signed-in user's finished sessions.
import {
  AskQuestionRequest,
  AskQuestionResponse,
  FeedbackSessionParams,
  PanelQuestion,
  PanelQuestionListQuery,
  PanelQuestionPage,
  PanelQuestionParams,
} from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { contextOf, problemResponses } from '@persona-lab/service-kit';

import { askQuestion, getQuestion, listQuestions } from '../domain/questions.js';

const docs = { tags: ['questions to the panel'], security: [{ bearerAuth: [] }] };

export async function questionRoutes(app: App): Promise<void> {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/feedback-sessions/:id/questions',
    {
      schema: {
        ...docs,
        description:
          'Asks the personas of a completed session (all of them, or those given) a question: open, on a scale, or a single choice. Progress comes on the session’s event stream.',
        params: FeedbackSessionParams,
        body: AskQuestionRequest,
        response: { 202: AskQuestionResponse, ...problemResponses(400, 401, 404, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const asked = await askQuestion(app.feedback, request.userId, request.params.id, request.body, contextOf(request));
      return reply.status(202).header('location', `/feedback-sessions/${asked.sessionId}/questions/${asked.questionId}`).send(asked);
    },
  );

  app.get(
    '/feedback-sessions/:id/questions',
    {
      schema: {
        ...docs,
        params: FeedbackSessionParams,
        querystring: PanelQuestionListQuery,
        response: { 200: PanelQuestionPage, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => listQuestions(app.db, request.userId, request.params.id, request.query),
  );

  app.get(
    '/feedback-sessions/:id/questions/:questionId',
    { schema: { ...docs, params: PanelQuestionParams, response: { 200: PanelQuestion, ...problemResponses(400, 401, 404) } } },
    async (request) => getQuestion(app.db, request.userId, request.params.id, request.params.questionId),
  );
}
