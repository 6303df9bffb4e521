// The work of one panel answer task: one persona's answer to one question. Idempotent under
// redelivery exactly as a feedback result is (result-generation.ts): a finished answer is never
// generated again, a claim (a conditional update that bumps `attempts`) keeps two consumers off the
// same answer, and the final write only lands for the claim that is still current.
import { type AiAnswerQuestionRequest, PanelAnswerTask } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';
import { type Delivery, RetryLaterError } from '@persona-lab/messaging';

import type { FeedbackDeps, PanelAnswer } from './deps.js';
import { completeQuestionIfFinished } from './question-completion.js';
import { formOf } from './question-view.js';

export type AnswerDeps = Pick<FeedbackDeps, 'db' | 'ai' | 'withLock' | 'announce'>;

export type AnswerOutcome = 'completed' | 'failed' | 'skipped' | 'missing';

async function claim(db: PrismaClient, answerId: string, delivery: Delivery): Promise<number | null> {
  const staleBefore = new Date(Date.now() - PanelAnswerTask.leaseMs);
  const claimable = [
    { status: 'PENDING' as const },
    // The broker says the consumer was lost, or an earlier attempt of this task ended without releasing
    // its claim (an answer is published once, so a retry means that attempt is over), or the lease ran out.
    ...(delivery.redelivered || delivery.attempt > 1 ? [{ status: 'IN_PROGRESS' as const }] : []),
    { status: 'IN_PROGRESS' as const, startedAt: { lt: staleBefore } },
  ];
  const [row] = await db.panelAnswer.updateManyAndReturn({
    where: { id: answerId, OR: claimable },
    data: { status: 'IN_PROGRESS', startedAt: new Date(), attempts: { increment: 1 } },
    select: { attempts: true },
  });
  return row?.attempts ?? null;
}

async function fail(db: PrismaClient, answerId: string, attempts: number, reason: string): Promise<void> {
  await db.panelAnswer.updateMany({
    where: { id: answerId, status: 'IN_PROGRESS', attempts },
    data: { status: 'FAILED', failureReason: reason.slice(0, 2000), completedAt: new Date() },
  });
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadAnswer>>>;

async function loadAnswer(db: PrismaClient, answerId: string) {
  return db.panelAnswer.findUnique({
    where: { id: answerId },
    include: { persona: true, question: { include: { session: { select: { language: true } } } } },
  });
}

/** What the persona said before about the product(s) the question concerns, in the session's product order. */
async function earlierFeedbackOf(db: PrismaClient, loaded: Loaded): Promise<AiAnswerQuestionRequest['earlierFeedback']> {
  const { question } = loaded;
  const results = await db.feedbackResult.findMany({
    where: {
      sessionId: question.sessionId,
      personaId: loaded.personaId,
      status: 'COMPLETED',
      ...(question.productId ? { productId: question.productId } : {}),
    },
    include: {
      product: { select: { name: true, sessionProducts: { where: { sessionId: question.sessionId }, select: { position: true } } } },
    },
  });
  return results
    .filter((r) => r.feedback && r.purchaseIntent !== null)
    .sort((a, b) => (a.product.sessionProducts[0]?.position ?? 0) - (b.product.sessionProducts[0]?.position ?? 0))
    .map((r) => ({ productName: r.product.name, feedback: r.feedback!, purchaseIntent: r.purchaseIntent!, keyConcerns: r.keyConcerns }));
}

function requestOf(loaded: Loaded, earlierFeedback: AiAnswerQuestionRequest['earlierFeedback']): AiAnswerQuestionRequest {
  const form = formOf(loaded.question);
  return {
    persona: { bio: loaded.persona.detailedBio!, productAttitudes: loaded.persona.productAttitudes! },
    earlierFeedback,
    question: loaded.question.text,
    form:
      form.kind === 'scale'
        ? { kind: 'scale', min: form.min!, max: form.max!, minLabel: form.minLabel!, maxLabel: form.maxLabel! }
        : form.kind === 'choice'
          ? { kind: 'choice', options: form.options }
          : { kind: 'open' },
    language: loaded.question.session.language,
  };
}

/** The gateway checked the answer against the form; a stored answer is checked once more, cheaply. */
function fitsForm(loaded: Loaded, answer: PanelAnswer): string | null {
  const { question } = loaded;
  if (question.kind === 'SCALE') {
    const value = answer.scaleValue;
    if (value === null || !Number.isInteger(value) || value < question.scaleMin! || value > question.scaleMax!) {
      return `scale value ${String(value)} is not a point of the scale ${question.scaleMin}..${question.scaleMax}`;
    }
  }
  if (question.kind === 'CHOICE' && (answer.choice === null || !question.options.includes(answer.choice))) {
    return 'the choice is not one of the options';
  }
  return null;
}

export async function answerQuestion(deps: AnswerDeps, answerId: string, delivery: Delivery): Promise<AnswerOutcome> {
  const { db } = deps;
  const loaded = await loadAnswer(db, answerId);
  if (!loaded) {
    // The question was rolled back after its task was published (or the session deleted).
    delivery.log.warn({ answerId }, 'panel answer no longer exists; task dropped');
    return 'missing';
  }
  const { questionId } = loaded;
  if (loaded.status === 'COMPLETED' || loaded.status === 'FAILED' || loaded.status === 'CANCELLED') {
    // Finished before (a redelivery, or a retry after completion could not run): only finish the question.
    await completeQuestionIfFinished(deps, questionId, delivery);
    return 'skipped';
  }

  const attempts = await claim(db, answerId, delivery);
  if (attempts === null) {
    delivery.log.info({ answerId }, 'panel answer is being generated by another consumer; skipped');
    return 'skipped';
  }

  const { persona } = loaded;
  if (persona.status !== 'ACTIVE' || persona.deletedAt || !persona.detailedBio || !persona.productAttitudes) {
    await fail(db, answerId, attempts, `Persona ${persona.id} is not available (${persona.deletedAt ? 'deleted' : persona.status})`);
    await completeQuestionIfFinished(deps, questionId, delivery);
    return 'failed';
  }

  let answer: PanelAnswer;
  try {
    answer = await deps.ai.answerQuestion(requestOf(loaded, await earlierFeedbackOf(db, loaded)), delivery.requestId);
  } catch (error) {
    const classified = deps.ai.classify(error);
    if (classified.retryable && !delivery.lastAttempt) {
      // Release the claim so the retried delivery can take it.
      await db.panelAnswer.updateMany({ where: { id: answerId, status: 'IN_PROGRESS', attempts }, data: { status: 'PENDING' } });
      delivery.log.warn({ answerId, attempt: delivery.attempt, reason: classified.message }, 'panel answer failed; will retry');
      throw new RetryLaterError(classified.message, { cause: error });
    }
    delivery.log.error({ answerId, reason: classified.message }, 'panel answer failed');
    await fail(db, answerId, attempts, classified.message);
    await completeQuestionIfFinished(deps, questionId, delivery);
    return 'failed';
  }

  const misfit = fitsForm(loaded, answer);
  if (misfit) {
    await fail(db, answerId, attempts, misfit);
    await completeQuestionIfFinished(deps, questionId, delivery);
    return 'failed';
  }
  const { count } = await db.panelAnswer.updateMany({
    where: { id: answerId, status: 'IN_PROGRESS', attempts },
    data: {
      status: 'COMPLETED',
      answer: answer.answer,
      scaleValue: answer.scaleValue,
      choice: answer.choice,
      keyPoints: answer.keyPoints,
      failureReason: null,
      completedAt: new Date(),
    },
  });
  if (count === 0) {
    delivery.log.warn({ answerId }, 'claim was taken over while answering; this answer is discarded');
    return 'skipped';
  }
  await deps.announce(loaded.question.sessionId);
  await completeQuestionIfFinished(deps, questionId, delivery);
  return 'completed';
}
