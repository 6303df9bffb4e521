// Questions to the panel of a finished study: the list, one question with its answers and insights,
// and asking a new one.
import type { AskQuestionRequest, AskQuestionResponse, PanelQuestion, PanelQuestionPage } from '@persona-lab/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api-client';

const base = (sessionId: string) => `/api/feedback-sessions/${encodeURIComponent(sessionId)}/questions`;
export const questionsKey = (sessionId: string) => ['studies', sessionId, 'questions'] as const;

/** The latest 50 questions, newest first: a researcher follows up a study a handful of times. */
export const getQuestions = (sessionId: string) => api<PanelQuestionPage>(`${base(sessionId)}?pageSize=50`);
export const questionsQueryOptions = (sessionId: string) =>
  queryOptions({ queryKey: questionsKey(sessionId), queryFn: () => getQuestions(sessionId) });
export const useQuestions = (sessionId: string) => useQuery(questionsQueryOptions(sessionId));

export const getQuestion = (sessionId: string, questionId: string) =>
  api<PanelQuestion>(`${base(sessionId)}/${encodeURIComponent(questionId)}`);
export const questionQueryOptions = (sessionId: string, questionId: string) =>
  queryOptions({ queryKey: [...questionsKey(sessionId), questionId], queryFn: () => getQuestion(sessionId, questionId) });
export const useQuestion = (sessionId: string, questionId: string) => useQuery(questionQueryOptions(sessionId, questionId));

export const askQuestion = (sessionId: string, request: AskQuestionRequest) =>
  api<AskQuestionResponse>(base(sessionId), { method: 'POST', body: request });

export function useAskQuestion(sessionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: AskQuestionRequest) => askQuestion(sessionId, request),
    onSuccess: () => client.invalidateQueries({ queryKey: questionsKey(sessionId) }),
  });
}
