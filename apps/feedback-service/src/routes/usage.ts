// HTTP for what the signed-in user's model calls used and cost, this UTC day and month.
import { UserUsage } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';
import { problemResponses } from '@persona-lab/service-kit';

import { usageOfUser } from '../domain/usage.js';

export async function usageRoutes(app: App): Promise<void> {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/usage',
    {
      schema: {
        tags: ['usage'],
        security: [{ bearerAuth: [] }],
        description:
          "The user's model calls, tokens and cost in the current UTC day and month; costUsd sums the calls with a known price, unknownCostCalls counts the rest.",
        response: { 200: UserUsage, ...problemResponses(401) },
      },
    },
    async (request) => usageOfUser(app.db, request.userId, new Date()),
  );
}
