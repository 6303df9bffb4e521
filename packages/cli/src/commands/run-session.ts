// Starting a feedback session and following it to its end with a progress bar: shared by
// `research` and `validate`.
import { randomUUID } from 'node:crypto';

import type { FeedbackSession, StartFeedbackSessionRequest, StartFeedbackSessionResponse } from '@persona-lab/contracts';

import type { CommandContext } from '../context.js';
import { SessionFailedError } from '../errors.js';
import { createProgressPrinter, progressLine } from '../render/progress.js';
import { followProgress } from '../session-progress.js';

/** Starts the session, shows its progress until it ends, and returns it as it ended. */
export async function runSession(ctx: CommandContext, request: StartFeedbackSessionRequest): Promise<FeedbackSession> {
  const panel = request.personaIds ? `${request.personaIds.length} personas` : `${request.personaCount} personas of the audience`;
  return followNewSession(
    ctx,
    (token, idempotencyKey) => ctx.feedback.start(token, request, idempotencyKey),
    `${request.productIds.length} product(s) × ${panel}`,
  );
}

/** Replays a finished session (same products, personas, language and seed) and follows the new one to its end. */
export async function runReplay(ctx: CommandContext, originalId: string): Promise<FeedbackSession> {
  return followNewSession(
    ctx,
    (token, idempotencyKey) => ctx.feedback.replay(token, originalId, idempotencyKey),
    `a replay of ${originalId}`,
  );
}

async function followNewSession(
  ctx: CommandContext,
  start: (token: string, idempotencyKey: string) => Promise<StartFeedbackSessionResponse>,
  what: string,
): Promise<FeedbackSession> {
  // The same key on a retry after a fresh sign-in, so the session is never started twice.
  const idempotencyKey = randomUUID();
  const started = await ctx.auth.run((token) => start(token, idempotencyKey));
  ctx.note(`Session ${started.sessionId} started: ${what}`);
  ctx.note(`(Ctrl-C leaves it running; see it later with \`persona-lab sessions show ${started.sessionId}\`)`);

  const printer = createProgressPrinter(ctx.io.stderr);
  printer.update(progressLine(started.status, started.progress));
  const token = await ctx.auth.token();
  try {
    await followProgress({
      sessionId: started.sessionId,
      events: () => ctx.feedback.progressEvents(token, started.sessionId),
      snapshot: async () => {
        const session = await ctx.auth.run((t) => ctx.feedback.get(t, started.sessionId));
        return { sessionId: session.id, status: session.status, progress: session.progress };
      },
      onProgress: (event) => printer.update(progressLine(event.status, event.progress)),
      onReconnect: (reason) => {
        printer.done();
        ctx.note(`Progress stream lost (${reason}); reconnecting once`);
      },
    });
  } finally {
    printer.done();
  }
  return ctx.auth.run((t) => ctx.feedback.get(t, started.sessionId));
}

/** A session that ended FAILED or CANCELLED is exit code 3, with how far it got. */
export function assertCompleted(session: FeedbackSession): void {
  if (session.status === 'COMPLETED') return;
  throw new SessionFailedError(
    `Session ${session.id} ended ${session.status}${session.failureReason ? `: ${session.failureReason}` : ''} ` +
      `(${session.progress.completed} of ${session.progress.total} answers completed)`,
  );
}
