// `persona-lab ask <session> "question"`: asks the panel of a finished session, follows the answers
// on the session's progress stream and prints what they add up to.
import type { PanelQuestion, QuestionProgress, SessionProgressEvent } from '@persona-lab/contracts';

import type { CommandContext } from '../context.js';
import { ServiceUnavailableError, SessionFailedError } from '../errors.js';
import { type QuestionFlags, questionRequestFromFlags } from '../input/question.js';
import { createProgressPrinter, progressLine } from '../render/progress.js';
import { renderQuestion } from '../render/question.js';

const questionIn = (event: SessionProgressEvent, questionId: string): QuestionProgress | undefined =>
  event.questions?.find((q) => q.questionId === questionId);

/** Follows the stream until the question has finished; a dropped stream is opened once more. */
async function followQuestion(ctx: CommandContext, sessionId: string, questionId: string, onProgress: (q: QuestionProgress) => void) {
  const token = await ctx.auth.token();
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      for await (const event of ctx.feedback.progressEvents(token, sessionId)) {
        const question = questionIn(event, questionId);
        if (question) onProgress(question);
        if (question && question.status !== 'IN_PROGRESS') return;
      }
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError) || attempt === 2) throw error;
    }
    // The stream ended (or dropped) without saying the question finished: ask for it directly.
    const latest = await ctx.auth.run((t) => ctx.feedback.question(t, sessionId, questionId));
    onProgress({ questionId, status: latest.status, progress: latest.progress });
    if (latest.status !== 'IN_PROGRESS') return;
  }
}

export async function ask(ctx: CommandContext, sessionId: string, text: string, flags: QuestionFlags): Promise<void> {
  const request = questionRequestFromFlags(text, flags);
  const asked = await ctx.auth.run((token) => ctx.feedback.ask(token, sessionId, request));
  ctx.note(`Question ${asked.questionId} asked of ${asked.progress.total} personas of session ${sessionId}`);

  const printer = createProgressPrinter(ctx.io.stderr);
  printer.update(progressLine(asked.status, asked.progress));
  try {
    await followQuestion(ctx, sessionId, asked.questionId, (q) => printer.update(progressLine(q.status, q.progress)));
  } finally {
    printer.done();
  }
  const question: PanelQuestion = await ctx.auth.run((token) => ctx.feedback.question(token, sessionId, asked.questionId));
  ctx.print();
  for (const line of renderQuestion(question)) ctx.print(line);
  if (question.status !== 'COMPLETED') {
    throw new SessionFailedError(
      `Question ${question.id} ended ${question.status}${question.failureReason ? `: ${question.failureReason}` : ''}`,
    );
  }
}
