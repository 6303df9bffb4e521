// The work of one feedback generation task: one persona's feedback on one product. Idempotent under
// redelivery: a finished result is never generated again, a claim (a conditional update that bumps
// `attempts`) keeps two consumers off the same result, and the final write only lands for the claim
// that is still current.
import { BUDGET_REACHED_REASON } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';
import { type Delivery, RetryLaterError } from '@persona-lab/messaging';
import { type CallUsage, type ModelCallSubject, recordModelCall, type SubjectCall } from '@persona-lab/service-kit';

import { budgetReached } from './budget.js';
import { completeIfFinished } from './completion.js';
import type { FeedbackAnswer, FeedbackDeps, StatementEmbedding } from './deps.js';
import { type FinishingTake, refillWindow } from './dispatch.js';

export type ResultDeps = Pick<
  FeedbackDeps,
  | 'db'
  | 'pg'
  | 'resultsPg'
  | 'claimResult'
  | 'storeAnswer'
  | 'ai'
  | 'ssr'
  | 'statementEmbedTimeoutMs'
  | 'withLock'
  | 'announce'
  | 'recordSession'
  | 'recordCompletionSteps'
  | 'publishTasks'
  | 'sessionWindow'
>;

export type ResultOutcome = 'completed' | 'failed' | 'skipped' | 'missing' | 'cancelled' | 'retry';

async function fail(db: PrismaClient, resultId: string, attempts: number, reason: string): Promise<boolean> {
  const { count } = await db.feedbackResult.updateMany({
    where: { id: resultId, status: 'IN_PROGRESS', attempts },
    data: { status: 'FAILED', failureReason: reason.slice(0, 2000), completedAt: new Date() },
  });
  return count === 1;
}

/**
 * The SSR rating of a purchase statement from the embedding that came with its feedback, or null when
 * it cannot be had, and the embedding calls it took (stored with the answer). The feedback itself is
 * paid for and valid, so a failed embedding does not throw it away: the answer is stored unrated and
 * the insights say how many answers their SSR figures leave out (warning NO_SSR).
 */
async function rateStatement(
  deps: ResultDeps,
  subject: Omit<ModelCallSubject, 'kind'>,
  embedding: StatementEmbedding | undefined,
  delivery: Delivery,
) {
  const unrated = (reason: string, calls: SubjectCall[]) => {
    delivery.log.warn({ resultId: subject.resultId, err: reason }, 'purchase statement could not be rated (SSR); stored unrated');
    return { ssr: null, calls };
  };
  const calls: SubjectCall[] = [];
  const onCall = (call: CallUsage) => calls.push({ subject: { ...subject, kind: 'EMBEDDING' }, call });
  if (embedding?.call) onCall(embedding.call);
  if (!embedding || 'failure' in embedding) return unrated(embedding?.failure ?? 'the gateway sent no embedding of the statement', calls);
  try {
    return { ssr: await deps.ssr.rateVector(embedding.vector, delivery.requestId, onCall), calls };
  } catch (error) {
    return unrated((error as Error).message, calls);
  }
}

/**
 * A result finished (now, or before this redelivery): its place in the session's window goes to the
 * next queued pair, then the session completes if that was the last. Both run before the task is
 * acked, so a crash in between is made good by the redelivery, which finds the result finished.
 * While the session's queue holds pairs the session cannot be finished, so the completion check (a
 * statement per result) is skipped: only a session's last window of results, which find the queue
 * empty, checks. (Checking whether the refill published was not enough: a result finishing while
 * other takes hold every queued pair takes none.)
 */
async function afterResultFinished(deps: ResultDeps, sessionId: string, delivery: Delivery, took?: FinishingTake) {
  let { dispatched, pairsWereQueued } = await refillWindow(deps, sessionId, delivery.requestId, took);
  // The store's own take gives only this result's place, to a pair no other take held. The window had
  // more room (places left empty while the queue was dry), or every queued pair was being taken: an
  // ordinary take fills the rest, or finds them taken. Otherwise those places stay empty until the
  // session's next result finishes.
  if (took && pairsWereQueued && took.room > dispatched)
    ({ dispatched, pairsWereQueued } = await refillWindow(deps, sessionId, delivery.requestId));
  if (dispatched > 0 || pairsWereQueued) return;
  await completeOrCheckAgain(deps, sessionId, delivery);
}

/**
 * Completes the session if its results are all finished. When another instance holds the session's
 * lock, its check may have read the session before this result was stored and found it unfinished:
 * this task then comes back (its retry delay) to check again, rather than leave the session running.
 */
async function completeOrCheckAgain(deps: ResultDeps, sessionId: string, delivery: Delivery) {
  if ((await completeIfFinished(deps, sessionId, delivery)) === 'busy') {
    throw new RetryLaterError(`session ${sessionId} is being checked by another instance; checking again after this task's retry delay`);
  }
}

export async function generateResult(deps: ResultDeps, resultId: string, delivery: Delivery): Promise<ResultOutcome> {
  const { db } = deps;
  const result = await deps.claimResult(resultId, delivery);
  if (!result) {
    // The session start was compensated (rolled back) after this task was published.
    delivery.log.warn({ resultId }, 'feedback result no longer exists; task dropped');
    return 'missing';
  }
  if (result.session.status === 'CANCELLED') {
    await db.feedbackResult.updateMany({
      where: { id: resultId, status: { in: ['PENDING', 'IN_PROGRESS'] } },
      data: { status: 'CANCELLED', queuedAt: null, completedAt: new Date() },
    });
    return 'cancelled';
  }
  if (result.status === 'COMPLETED' || result.status === 'FAILED' || result.status === 'CANCELLED') {
    // Finished before (a redelivery, or a retry after completion could not run): only finish the session.
    await afterResultFinished(deps, result.sessionId, delivery);
    return 'skipped';
  }

  const attempts = result.claimedAttempts;
  if (attempts === null) {
    delivery.log.info({ resultId }, 'feedback result is being generated by another consumer; skipped');
    return 'skipped';
  }

  if (await budgetReached(db, result.session)) {
    await db.feedbackResult.updateMany({
      where: { id: resultId, status: 'IN_PROGRESS', attempts },
      data: { status: 'CANCELLED', failureReason: BUDGET_REACHED_REASON, completedAt: new Date() },
    });
    delivery.log.info({ resultId, sessionId: result.sessionId }, 'session budget reached; result cancelled');
    await completeOrCheckAgain(deps, result.sessionId, delivery);
    return 'cancelled';
  }

  const { persona, product } = result;
  const subject = { userId: result.session.ownerId, sessionId: result.sessionId, resultId, personaId: persona.id };
  if (persona.status !== 'ACTIVE' || !persona.detailedBio || !persona.productAttitudes) {
    await fail(db, resultId, attempts, `Persona ${persona.id} is not ready (${persona.status})`);
    await afterResultFinished(deps, result.sessionId, delivery);
    return 'failed';
  }

  let generated: FeedbackAnswer;
  try {
    generated = await deps.ai.generateFeedback(
      {
        persona: { bio: persona.detailedBio, productAttitudes: persona.productAttitudes },
        product: {
          name: product.name,
          description: product.description,
          price: product.price.toFixed(2),
          currency: product.currency,
          category: product.category,
          keyFeatures: product.keyFeatures,
        },
        language: result.session.language,
        ...(result.session.seed !== null ? { seed: result.session.seed } : {}),
        embedStatement: { timeoutMs: deps.statementEmbedTimeoutMs },
      },
      delivery.requestId,
    );
  } catch (error) {
    const classified = deps.ai.classify(error);
    if (classified.retryable && !delivery.lastAttempt) {
      // Release the claim so the retried delivery can take it.
      await db.feedbackResult.updateMany({ where: { id: resultId, status: 'IN_PROGRESS', attempts }, data: { status: 'PENDING' } });
      delivery.log.warn({ resultId, attempt: delivery.attempt, reason: classified.message }, 'feedback generation failed; will retry');
      throw new RetryLaterError(classified.message, { cause: error });
    }
    delivery.log.error({ resultId, reason: classified.message }, 'feedback generation failed');
    await fail(db, resultId, attempts, classified.message);
    await afterResultFinished(deps, result.sessionId, delivery);
    return 'failed';
  }

  const feedbackCall: SubjectCall = { subject: { ...subject, kind: 'FEEDBACK' }, call: generated.call };
  if (!Number.isInteger(generated.purchaseIntent) || generated.purchaseIntent < 1 || generated.purchaseIntent > 10) {
    // Paid for whatever happens to the answer.
    await recordModelCall(db, feedbackCall.subject, feedbackCall.call);
    await fail(db, resultId, attempts, `purchase intent ${generated.purchaseIntent} is not an integer from 1 to 10`);
    await afterResultFinished(deps, result.sessionId, delivery);
    return 'failed';
  }
  const { ssr, calls } = await rateStatement(deps, subject, generated.statementEmbedding, delivery);
  const took = await deps.storeAnswer({ resultId, attempts, answer: generated, ssr, calls: [feedbackCall, ...calls] });
  if (!took) {
    delivery.log.warn({ resultId }, 'claim was taken over while generating; this answer is discarded');
    return 'skipped';
  }
  await deps.announce(result.sessionId);
  await afterResultFinished(deps, result.sessionId, delivery, took);
  return 'completed';
}
