// HTTP for one-to-one interviews with a persona of the signed-in user's completed sessions.
import { Interview, InterviewMessageRequest, InterviewParams, InterviewReply } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { contextOf, problemResponses } from '@persona-lab/service-kit';

import { getInterview, sendInterviewMessage } from '../domain/interviews.js';

const docs = { tags: ['interviews'], security: [{ bearerAuth: [] }] };
const path = '/feedback-sessions/:id/personas/:personaId/interview';

export async function interviewRoutes(app: App): Promise<void> {
  app.addHook('onRequest', app.authenticate);

  app.post(
    path,
    {
      schema: {
        ...docs,
        description:
          "Sends the persona a message and answers with its reply (synchronously, within the gateway's timeout). The last 20 turns go along as context.",
        params: InterviewParams,
        body: InterviewMessageRequest,
        response: { 200: InterviewReply, ...problemResponses(400, 401, 404, 409, 429, 502, 503) },
      },
    },
    async (request) =>
      sendInterviewMessage(
        app.feedback,
        request.userId,
        request.params.id,
        request.params.personaId,
        request.body.text,
        contextOf(request),
      ),
  );

  app.get(
    path,
    { schema: { ...docs, params: InterviewParams, response: { 200: Interview, ...problemResponses(400, 401, 404) } } },
    async (request) => getInterview(app.db, request.userId, request.params.id, request.params.personaId),
  );
}
