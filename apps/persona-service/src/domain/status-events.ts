// PersonaStatusChanged: published after the commit that made a queued persona ACTIVE or FAILED, so
// feedback sessions waiting on it react without polling.
import { PersonaStatusChanged } from '@persona-lab/contracts';

import type { Publisher } from './deps.js';

const MAX_REASON = 2000;

export async function announceStatus(
  publisher: Publisher,
  persona: { id: string; ownerId: string },
  outcome: { status: 'ACTIVE' } | { status: 'FAILED'; reason: string },
  requestId: string,
): Promise<void> {
  await publisher.publish(
    PersonaStatusChanged,
    {
      personaId: persona.id,
      userId: persona.ownerId,
      status: outcome.status,
      ...(outcome.status === 'FAILED' ? { failureReason: outcome.reason.slice(0, MAX_REASON) } : {}),
      occurredAt: new Date().toISOString(),
    },
    { requestId },
  );
}
