// Feedback sessions ("studies"): list, read, start, cancel, export links.
import type {
  FeedbackSession,
  FeedbackSessionPage as FeedbackSessionPageSchema,
  StartFeedbackSessionRequest,
  StartFeedbackSessionResponse,
} from '@persona-lab/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';

import { api } from '../../../lib/api-client';

type FeedbackSessionPage = Static<typeof FeedbackSessionPageSchema>;

export const studiesKey = ['studies'] as const;

export const getStudies = () => api<FeedbackSessionPage>('/api/feedback-sessions?pageSize=50');
export const studiesQueryOptions = () => queryOptions({ queryKey: studiesKey, queryFn: getStudies });
export const useStudies = () => useQuery(studiesQueryOptions());

export const getStudy = (id: string) => api<FeedbackSession>(`/api/feedback-sessions/${encodeURIComponent(id)}`);
export const studyQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...studiesKey, id],
    queryFn: () => getStudy(id),
    // A missing or foreign study is a 404: asking again will not change that.
    retry: (failures, error) => failures < 2 && !(error as { status?: number }).status,
  });
export const useStudy = (id: string) => useQuery(studyQueryOptions(id));

/** One key per submitted form: a retried request (a double click, a flaky network) starts one study. */
export const startStudy = ({ request, idempotencyKey }: { request: StartFeedbackSessionRequest; idempotencyKey: string }) =>
  api<StartFeedbackSessionResponse>('/api/feedback-sessions', {
    method: 'POST',
    body: request,
    headers: { 'idempotency-key': idempotencyKey },
  });

export function useStartStudy() {
  const client = useQueryClient();
  return useMutation({ mutationFn: startStudy, onSuccess: () => client.invalidateQueries({ queryKey: studiesKey }) });
}

export const cancelStudy = (id: string) =>
  api<FeedbackSession>(`/api/feedback-sessions/${encodeURIComponent(id)}/cancel`, { method: 'POST' });

export function useCancelStudy(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => cancelStudy(id),
    onSuccess: (study) => {
      client.setQueryData([...studiesKey, id], study);
      void client.invalidateQueries({ queryKey: studiesKey });
    },
  });
}

export type ExportFormat = 'csv' | 'json' | 'md';
export const exportUrl = (id: string, format: ExportFormat) => `/api/feedback-sessions/${encodeURIComponent(id)}/export?format=${format}`;
