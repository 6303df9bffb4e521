// A study's answers a page at a time, filtered by the API (product, status, intent range): a study
// has up to 20,000 of them, so the console never loads them all.
import type { FeedbackResultListQuery, FeedbackResultPage } from '@persona-lab/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, searchOf } from '../../../lib/api-client';
import { studiesKey } from './studies';

export type StudyResultsQuery = Partial<FeedbackResultListQuery>;

export const getStudyResults = (id: string, query: StudyResultsQuery) =>
  api<FeedbackResultPage>(`/api/feedback-sessions/${encodeURIComponent(id)}/results?${searchOf(query)}`);

export const studyResultsQueryOptions = (id: string, query: StudyResultsQuery) =>
  queryOptions({ queryKey: [...studiesKey, id, 'results', searchOf(query)], queryFn: () => getStudyResults(id, query) });

/** While the next page or filter loads, the previous page stays on screen. */
export const useStudyResults = (id: string, query: StudyResultsQuery) =>
  useQuery({ ...studyResultsQueryOptions(id, query), placeholderData: keepPreviousData });
