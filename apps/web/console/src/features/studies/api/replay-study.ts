// Replaying a finished study: a new study with the same products, personas, language and seed.
import type { StartFeedbackSessionResponse } from '@persona-lab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api-client';
import { studiesKey } from './studies';

/** A fresh key per click: a retried request (a flaky network) starts one replay, a second click another. */
export const replayStudy = ({ id, idempotencyKey }: { id: string; idempotencyKey: string }) =>
  api<StartFeedbackSessionResponse>(`/api/feedback-sessions/${encodeURIComponent(id)}/replay`, {
    method: 'POST',
    headers: { 'idempotency-key': idempotencyKey },
  });

export function useReplayStudy() {
  const client = useQueryClient();
  return useMutation({ mutationFn: replayStudy, onSuccess: () => client.invalidateQueries({ queryKey: studiesKey }) });
}
