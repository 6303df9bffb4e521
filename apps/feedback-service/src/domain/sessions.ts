// Feedback sessions of one owner: start (as a saga), read, list, cancel.
import { randomInt, randomUUID } from 'node:crypto';

import {
  type FeedbackResultListQuery,
  type FeedbackResultPage,
  type FeedbackSession,
  NO_USAGE,
  type PageQuery,
  type SessionProgressEvent,
  type StartFeedbackSessionRequest,
  type StartFeedbackSessionResponse,
} from '@persona-lab/contracts';
import { Prisma, type PrismaClient } from '@persona-lab/db';
import {
  Errors,
  fieldError,
  type LlmCallReservation,
  modelCallTotals,
  modelCallTotalsByResult,
  releaseLlmCalls,
  type RequestContext,
  requireActiveUser,
  reserveLlmCalls,
} from '@persona-lab/service-kit';

import { completeIfFinished } from './completion.js';
import type { FeedbackDeps } from './deps.js';
import { dispatchSessionPairs } from './dispatch.js';
import { gatewayPricing } from './pricing.js';
import { countAnswers, toQuestionProgress } from './question-view.js';
import { runSaga, SagaFailedError } from './saga.js';
import { inRunningSessionSlot, plannedModelCalls, requireRunningSessionSlot } from './session-quotas.js';
import { countResults, progressOf, resultPersonaFields, toResult, toSession, toSummary } from './session-view.js';

export const SESSION_NOT_FOUND = 'Feedback session not found';

/** Seeds are PostgreSQL integers; a drawn one is uniform over 0..2^31-1 (randomInt's bound is exclusive). */
const SEED_BOUND = 2 ** 31;

/** The session's seed: the one given, or one drawn at random (stored, so the study can be replayed). */
export function seedFor(request: Pick<StartFeedbackSessionRequest, 'seed'>): number {
  return request.seed ?? randomInt(SEED_BOUND);
}

const withProducts = { products: { orderBy: { position: 'asc' }, include: { product: { select: { id: true, name: true } } } } } as const;

/** Either explicit persona ids, or a target audience with a persona count: never both, never neither. */
export function checkMode(request: StartFeedbackSessionRequest): 'personas' | 'audience' {
  const hasIds = request.personaIds !== undefined;
  const hasAudience = request.audience !== undefined || request.personaCount !== undefined;
  if (hasIds && hasAudience) throw fieldError('body/personaIds', 'cannot be combined with audience and personaCount');
  if (hasIds) return 'personas';
  if (request.audience === undefined) throw fieldError('body/audience', 'is required when personaIds is not given');
  if (request.personaCount === undefined) throw fieldError('body/personaCount', 'is required with audience');
  return 'audience';
}

export async function requireOwnedProducts(db: PrismaClient, ownerId: string, productIds: string[]) {
  const found = new Set(
    (await db.product.findMany({ where: { id: { in: productIds }, ownerId, deletedAt: null }, select: { id: true } })).map((p) => p.id),
  );
  const missing = productIds.filter((id) => !found.has(id));
  if (missing.length) throw new Errors.NotFound(`Product not found: ${missing.join(', ')}`);
}

export async function requireOwnedPersonas(db: PrismaClient, ownerId: string, personaIds: string[]) {
  // A Set: up to 2,000 ids, so no scan of the found list per id.
  const found = new Set(
    (await db.persona.findMany({ where: { id: { in: personaIds }, ownerId, deletedAt: null }, select: { id: true } })).map((p) => p.id),
  );
  const missing = personaIds.filter((id) => !found.has(id));
  if (missing.length) throw new Errors.NotFound(`Persona not found: ${missing.join(', ')}`);
}

interface StartContext {
  sessionId?: string;
  personaIds: string[];
  /** Personas find-or-create made and queued: their generation calls happen whatever follows. */
  personasCreated: number;
  reservation?: LlmCallReservation;
  /** Model calls still reserved for this start. */
  callsHeld: number;
}

export interface StartOptions {
  /** The session a replay repeats. */
  replayOf?: string;
}

export async function startSession(
  deps: FeedbackDeps,
  ownerId: string,
  request: StartFeedbackSessionRequest,
  context: RequestContext,
  options: StartOptions = {},
): Promise<StartFeedbackSessionResponse> {
  const { requestId, log } = context;
  await requireActiveUser(deps.db, ownerId);
  const mode = checkMode(request);
  await requireOwnedProducts(deps.db, ownerId, request.productIds);
  if (mode === 'personas') await requireOwnedPersonas(deps.db, ownerId, request.personaIds!);
  const language = request.language.toLowerCase();
  const seed = seedFor(request);

  if (request.maxCostUsd !== undefined) await requireKnownPrices(deps, mode, requestId);

  // Quotas before anything starts: a refused request leaves nothing behind.
  await requireRunningSessionSlot(deps.db, ownerId, deps.quotas.runningSessions);
  const planned = plannedModelCalls(request);

  // Chosen now so the personas generated for the session count toward its cost.
  const sessionId = randomUUID();
  const start: StartContext = { personaIds: request.personaIds ?? [], personasCreated: 0, callsHeld: 0 };
  try {
    await runSaga<StartContext>(
      [
        {
          name: 'reserve model calls',
          run: async (ctx) => {
            ctx.reservation = await reserveLlmCalls(deps.db, ownerId, planned.total, deps.quotas.llmCallsPerDay);
            ctx.callsHeld = planned.total;
          },
          // Nothing runs: give back every call but the generation of personas already queued.
          compensate: async (ctx) => {
            if (ctx.reservation) await releaseLlmCalls(deps.db, ctx.reservation, ctx.callsHeld - ctx.personasCreated);
          },
        },
        {
          name: 'find or create personas',
          run: async (ctx) => {
            if (mode !== 'audience') return;
            const { personas } = await deps.findOrCreatePersonas({
              userId: ownerId,
              audience: request.audience!,
              count: request.personaCount!,
              requestId,
              sessionId,
            });
            ctx.personaIds = personas.map((p) => p.id);
            ctx.personasCreated = personas.filter((p) => !p.reused).length;
            // Reused personas cost no generation call.
            const unused = planned.personas - ctx.personasCreated;
            await releaseLlmCalls(deps.db, ctx.reservation!, unused);
            ctx.callsHeld -= unused;
          },
          // Personas made here are the user's to keep and reuse; nothing to undo.
        },
        {
          name: 'store session and results',
          run: async (ctx) => {
            const pairCount = request.productIds.length * ctx.personaIds.length;
            const session = await inRunningSessionSlot(deps.db, ownerId, deps.quotas.runningSessions, async (tx) => {
              const created = await tx.feedbackSession.create({
                data: {
                  id: sessionId,
                  ownerId,
                  language,
                  maxCostUsd: request.maxCostUsd ?? null,
                  status: 'IN_PROGRESS',
                  targetAudience: (request.audience as Prisma.InputJsonValue | undefined) ?? Prisma.DbNull,
                  totalResults: pairCount,
                  requestId,
                  seed,
                  replayOfId: options.replayOf ?? null,
                  products: { create: request.productIds.map((productId, position) => ({ productId, position })) },
                },
                select: { id: true },
              });
              // Up to 20,000 rows in one statement, every product with every persona. Not createMany: Prisma's
              // query compiler took 15 s of CPU for 20,000 rows and kept +526 MiB of RSS for the rest of the
              // process's life. The pairs are made by the database: sent as two arrays of 20,000, building and
              // binding them took a third of the statement's time. A pair whose persona is ready joins the
              // queue as it is written, rather than by an update of every row (each writing every index) in
              // the next step, which queues the rest.
              await tx.$executeRaw`
                INSERT INTO feedback_results (id, session_id, product_id, persona_id, queued_at, updated_at)
                SELECT gen_random_uuid(), ${created.id}::uuid, product.id, persona.id,
                  CASE WHEN p.status = 'ACTIVE' AND p.deleted_at IS NULL THEN now() END, now()
                FROM unnest(${request.productIds}::uuid[]) AS product(id)
                  CROSS JOIN unnest(${ctx.personaIds}::uuid[]) AS persona(id)
                  LEFT JOIN personas AS p ON p.id = persona.id`;
              return created;
            });
            ctx.sessionId = session.id;
          },
          compensate: async (ctx) => {
            if (ctx.sessionId) await deps.db.feedbackSession.delete({ where: { id: ctx.sessionId } });
          },
        },
        {
          name: 'dispatch ready pairs',
          run: async (ctx) => {
            // Persona states are read after the session rows are committed, so an event published in
            // between is never missed: either this read sees ACTIVE, or the event finds the rows.
            const { sessionsWithFailures } = await dispatchSessionPairs(deps, ctx.sessionId!, requestId);
            // Pairs of personas that had already failed are finished now; they may be all of them.
            if (sessionsWithFailures.length > 0) await completeIfFinished(deps, ctx.sessionId!, context);
          },
        },
      ],
      start,
    );
  } catch (error) {
    if (error instanceof SagaFailedError) {
      if (error.compensationErrors.length)
        log.warn({ compensationErrors: error.compensationErrors }, 'a failed session start was not fully undone');
      // A refusal of the request itself (e.g. an audience the persona-service rejects) keeps its status.
      const status = (error.cause as { statusCode?: number }).statusCode;
      if (status !== undefined && status < 500) throw error.cause;
      log.error({ err: error.cause, step: error.step, compensationErrors: error.compensationErrors }, 'session start failed');
      throw new Errors.ServiceUnavailable(`The session could not be started (${error.step}); nothing was kept, retry shortly`);
    }
    throw error;
  }
  deps.recordSession('started');
  log.info(
    {
      sessionId: start.sessionId,
      personas: start.personaIds.length,
      products: request.productIds.length,
      seed,
      replayOf: options.replayOf,
    },
    'feedback session started',
  );
  const counts = (await countResults(deps.db, [start.sessionId!])).get(start.sessionId!) ?? {};
  const total = request.productIds.length * start.personaIds.length;
  return { sessionId: start.sessionId!, status: 'IN_PROGRESS', progress: progressOf(total, counts) };
}

/**
 * A budget is checked against stored costs, so every model the session will call must have a known
 * price: with one unknown, the budget could never be reached and would silently not hold.
 */
async function requireKnownPrices(deps: FeedbackDeps, mode: 'personas' | 'audience', requestId: string): Promise<void> {
  const pricing = await gatewayPricing(deps, requestId);
  const unpriced = pricing.models.filter((m) => m.price === null && (mode === 'audience' || m.use !== 'personas'));
  if (unpriced.length > 0) {
    const models = [...new Set(unpriced.map((m) => m.model))].join(', ');
    throw fieldError('body/maxCostUsd', `cannot be enforced: the price of ${models} is unknown (the ai-gateway's AI_MODEL_PRICES)`);
  }
}

export async function getSession(db: PrismaClient, ownerId: string, id: string): Promise<FeedbackSession> {
  const session = await db.feedbackSession.findFirst({ where: { id, ownerId }, include: withProducts });
  if (!session) throw new Errors.NotFound(SESSION_NOT_FOUND);
  const [usage, counts] = await Promise.all([modelCallTotals(db, { sessionId: id }), countResults(db, [id])]);
  return toSession(session, counts.get(id) ?? {}, usage);
}

/**
 * A page of the session's results, in the order they were created, filtered by product, persona,
 * status and purchase intent: what a client of a large session reads instead of the whole view.
 */
export async function listResults(
  db: PrismaClient,
  ownerId: string,
  id: string,
  { page, pageSize, productId, personaId, status, minIntent, maxIntent }: FeedbackResultListQuery,
): Promise<FeedbackResultPage> {
  if (minIntent !== undefined && maxIntent !== undefined && minIntent > maxIntent) {
    throw fieldError('querystring/minIntent', `must not be above maxIntent (${maxIntent})`);
  }
  const session = await db.feedbackSession.findFirst({ where: { id, ownerId }, select: { id: true } });
  if (!session) throw new Errors.NotFound(SESSION_NOT_FOUND);
  const where: Prisma.FeedbackResultWhereInput = {
    sessionId: id,
    ...(productId ? { productId } : {}),
    ...(personaId ? { personaId } : {}),
    ...(status ? { status } : {}),
    ...(minIntent !== undefined || maxIntent !== undefined
      ? {
          purchaseIntent: {
            ...(minIntent !== undefined ? { gte: minIntent } : {}),
            ...(maxIntent !== undefined ? { lte: maxIntent } : {}),
          },
        }
      : {}),
  };
  const [total, rows] = await db.$transaction(
    [
      db.feedbackResult.count({ where }),
      db.feedbackResult.findMany({
        where,
        include: { persona: { select: resultPersonaFields } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  const usage = await modelCallTotalsByResult(
    db,
    id,
    rows.map((r) => r.id),
  );
  return { items: rows.map((row) => toResult(row, usage.get(row.id) ?? NO_USAGE)), page, pageSize, total };
}

/** How many of its latest questions a progress event carries. */
export const QUESTIONS_IN_PROGRESS_EVENT = 20;

/** The session's latest questions to the panel and how far their answers are. */
async function questionProgressOf(db: PrismaClient, sessionId: string) {
  const questions = await db.panelQuestion.findMany({
    where: { sessionId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: QUESTIONS_IN_PROGRESS_EVENT,
  });
  if (questions.length === 0) return [];
  const counts = await countAnswers(
    db,
    questions.map((q) => q.id),
  );
  return questions.map((q) => toQuestionProgress(q, counts.get(q.id) ?? {}));
}

/** Status and counts only: what a progress event carries (cheap enough for every announcement). */
export async function getProgress(db: PrismaClient, ownerId: string, id: string): Promise<SessionProgressEvent> {
  const session = await db.feedbackSession.findFirst({ where: { id, ownerId }, select: { status: true, totalResults: true } });
  if (!session) throw new Errors.NotFound(SESSION_NOT_FOUND);
  const counts = (await countResults(db, [id])).get(id) ?? {};
  const questions = await questionProgressOf(db, id);
  return {
    sessionId: id,
    status: session.status,
    progress: progressOf(session.totalResults, counts),
    ...(questions.length > 0 ? { questions } : {}),
  };
}

export async function listSessions(db: PrismaClient, ownerId: string, { page, pageSize }: PageQuery) {
  const where = { ownerId };
  const [total, sessions] = await db.$transaction(
    [
      db.feedbackSession.count({ where }),
      db.feedbackSession.findMany({
        where,
        include: withProducts,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  const counts = await countResults(
    db,
    sessions.map((s) => s.id),
  );
  return { items: sessions.map((s) => toSummary(s, counts.get(s.id) ?? {})), page, pageSize, total };
}
