// Message in → generate one result → ack. The broker acknowledges only after the handler resolves,
// which is after the result's database commit; RetryLaterError sends it to the retry queue.
import { FeedbackGenerationTask } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';

import { generateResult } from '../domain/result-generation.js';

export function consumeFeedbackTasks(app: App, options: { prefetch: number }) {
  return app.broker.consume(
    FeedbackGenerationTask,
    async (task, context) => {
      const outcome = await generateResult(app.feedback, task.resultId, context);
      context.log.info({ resultId: task.resultId, sessionId: task.sessionId, outcome }, 'feedback task handled');
    },
    { prefetch: options.prefetch },
  );
}
