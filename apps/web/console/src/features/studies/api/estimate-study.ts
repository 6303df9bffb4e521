// What a study would cost before it starts (POST /api/feedback-sessions/estimate): nothing is stored.
import type { FeedbackSessionEstimate, StartFeedbackSessionRequest } from '@persona-lab/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { api } from '../../../lib/api-client';

// Not under studiesKey: starting a study invalidates the studies, which need not re-estimate.
export const studyEstimateKey = ['study-estimate'] as const;

/** How long the form must stay unchanged before it is estimated (typing a panel size asks once). */
export const ESTIMATE_DEBOUNCE_MS = 400;

export const estimateStudy = (request: StartFeedbackSessionRequest, signal?: AbortSignal) =>
  api<FeedbackSessionEstimate>('/api/feedback-sessions/estimate', { method: 'POST', body: request, signal });

export const studyEstimateQueryOptions = (request: StartFeedbackSessionRequest) =>
  queryOptions({
    queryKey: [...studyEstimateKey, request],
    queryFn: ({ signal }) => estimateStudy(request, signal),
    staleTime: 60_000,
    retry: false,
  });

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The estimate of `request` once it has stayed the same for a moment; asked only when `valid`. */
export function useStudyEstimate(request: StartFeedbackSessionRequest, valid: boolean) {
  const key = JSON.stringify(request);
  const debouncedKey = useDebounced(valid ? key : undefined, ESTIMATE_DEBOUNCE_MS);
  const settled = valid && debouncedKey === key;
  return useQuery({ ...studyEstimateQueryOptions(request), enabled: settled });
}
