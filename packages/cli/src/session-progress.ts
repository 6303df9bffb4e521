// Follows a session's live progress stream until the session finishes. No polling: if the stream
// drops, the latest snapshot is shown and the stream is opened once more.
import type { SessionProgressEvent, SessionStatus } from '@persona-lab/contracts';

import { ServiceUnavailableError } from './errors.js';

const FINISHED = new Set<SessionStatus>(['COMPLETED', 'FAILED', 'CANCELLED']);

export const isFinished = (status: SessionStatus) => FINISHED.has(status);

export interface FollowProgressOptions {
  sessionId: string;
  /** Opens the progress stream; it ends when the session has finished. */
  events: () => AsyncIterable<SessionProgressEvent>;
  /** The session's state now (GET /feedback-sessions/:id). */
  snapshot: () => Promise<SessionProgressEvent>;
  onProgress: (event: SessionProgressEvent) => void;
  onReconnect: (reason: string) => void;
}

/** Resolves with the final progress event (COMPLETED, FAILED or CANCELLED). */
export async function followProgress(options: FollowProgressOptions): Promise<SessionProgressEvent> {
  for (let attempt = 1; ; attempt += 1) {
    let reason = 'the stream ended before the session finished';
    try {
      for await (const event of options.events()) {
        options.onProgress(event);
        if (isFinished(event.status)) return event;
      }
    } catch (error) {
      // Only a lost connection is worth a second stream; a refusal (404, 401) is final.
      if (!(error instanceof ServiceUnavailableError)) throw error;
      reason = error.message;
    }
    if (attempt === 2) {
      throw new ServiceUnavailableError(
        `Lost the progress stream of session ${options.sessionId} twice (${reason}). ` +
          `The session goes on without this CLI: see \`persona-lab sessions show ${options.sessionId}\``,
      );
    }
    options.onReconnect(reason);
    const latest = await options.snapshot();
    options.onProgress(latest);
    if (isFinished(latest.status)) return latest;
  }
}
