// Publishing feedback tasks: each pair (result) is published once. The dispatch is recorded first by a
// conditional update (`dispatchedAt` from null), so however many persona events and session starts race
// over the same pair, only one of them publishes it; after that only the task's own retry policy
// delivers it again. A pair whose persona failed is failed here instead.
import type { PrismaClient } from '@persona-lab/db';

import type { FeedbackDeps } from './deps.js';

type DispatchDeps = Pick<FeedbackDeps, 'db' | 'publishTasks'>;

interface Candidate {
  id: string;
  sessionId: string;
  persona: { status: string; failureReason: string | null; deletedAt: Date | null };
}

export interface DispatchOutcome {
  /** Tasks this call published. */
  dispatched: number;
  /** The sessions in which this call failed pairs (their persona failed or was deleted). */
  sessionsWithFailures: string[];
}

const undispatched = { status: 'PENDING', dispatchedAt: null } as const;
const candidateSelect = {
  id: true,
  sessionId: true,
  persona: { select: { status: true, failureReason: true, deletedAt: true } },
} as const;

/** At the start of a session: every pair whose persona is ready (or failed) already. */
export async function dispatchSessionPairs(deps: DispatchDeps, sessionId: string, requestId: string): Promise<DispatchOutcome> {
  const candidates = await deps.db.feedbackResult.findMany({ where: { sessionId, ...undispatched }, select: candidateSelect });
  return dispatchCandidates(deps, candidates, requestId);
}

/** On a persona's status event: that persona's pairs in running sessions, and nothing else. */
export async function dispatchPersonaPairs(deps: DispatchDeps, personaId: string, requestId: string): Promise<DispatchOutcome> {
  const candidates = await deps.db.feedbackResult.findMany({
    where: { personaId, ...undispatched, session: { status: 'IN_PROGRESS' } },
    select: candidateSelect,
  });
  return dispatchCandidates(deps, candidates, requestId);
}

async function dispatchCandidates(deps: DispatchDeps, candidates: Candidate[], requestId: string): Promise<DispatchOutcome> {
  const unavailable = candidates.filter((c) => c.persona.status === 'FAILED' || c.persona.deletedAt);
  const ready = candidates.filter((c) => c.persona.status === 'ACTIVE' && !c.persona.deletedAt);
  const sessionsWithFailures = await failPairs(deps.db, unavailable);

  let dispatched = 0;
  for (const [sessionId, ids] of groupBySession(ready)) {
    const claimed = await markDispatched(deps.db, ids);
    if (claimed.length === 0) continue;
    try {
      await deps.publishTasks(sessionId, claimed, requestId);
    } catch (error) {
      // Nothing may stay marked that has no task: unmark so the retried event (or start) publishes it.
      await deps.db.feedbackResult.updateMany({ where: { id: { in: claimed }, status: 'PENDING' }, data: { dispatchedAt: null } });
      throw error;
    }
    dispatched += claimed.length;
  }
  return { dispatched, sessionsWithFailures };
}

/** The conditional update: returns the ids this caller won; a racing caller gets the others. */
async function markDispatched(db: PrismaClient, ids: string[]): Promise<string[]> {
  const rows = await db.feedbackResult.updateManyAndReturn({
    where: { id: { in: ids }, ...undispatched },
    data: { dispatchedAt: new Date() },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

async function failPairs(db: PrismaClient, pairs: Candidate[]): Promise<string[]> {
  const sessions = new Set<string>();
  for (const pair of pairs) {
    const { count } = await db.feedbackResult.updateMany({
      where: { id: pair.id, ...undispatched },
      data: {
        status: 'FAILED',
        failureReason: `Persona generation failed: ${pair.persona.failureReason ?? 'persona unavailable'}`,
        completedAt: new Date(),
      },
    });
    if (count > 0) sessions.add(pair.sessionId);
  }
  return [...sessions];
}

function groupBySession(candidates: Candidate[]): Map<string, string[]> {
  const bySession = new Map<string, string[]>();
  for (const { id, sessionId } of candidates) {
    const ids = bySession.get(sessionId);
    if (ids) ids.push(id);
    else bySession.set(sessionId, [id]);
  }
  return bySession;
}
