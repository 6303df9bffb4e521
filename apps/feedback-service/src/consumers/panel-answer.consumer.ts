// Message in → one persona's answer to a question to the panel → ack. RetryLaterError sends it to the
// retry queue; after the contract's last attempt the broker dead-letters it.
import { PanelAnswerTask } from '@persona-lab/contracts';
import type { App } from '@persona-lab/service-kit';

import { answerQuestion } from '../domain/question-answering.js';

export function consumePanelAnswerTasks(app: App, options: { prefetch: number }) {
  return app.broker.consume(
    PanelAnswerTask,
    async (task, context) => {
      const outcome = await answerQuestion(app.feedback, task.answerId, context);
      context.log.info({ answerId: task.answerId, questionId: task.questionId, outcome }, 'panel answer task handled');
    },
    { prefetch: options.prefetch },
  );
}
