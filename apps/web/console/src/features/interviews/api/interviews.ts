// One-to-one interviews with a persona of a finished study: the conversation so far, and a message
// that comes back with the persona's reply.
import type { Interview, InterviewMessageRequest, InterviewReply } from '@persona-lab/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api-client';

/** The console's page of an interview. */
export const interviewPath = (sessionId: string, personaId: string) =>
  `/studies/${encodeURIComponent(sessionId)}/interviews/${encodeURIComponent(personaId)}`;

const apiPath = (sessionId: string, personaId: string) =>
  `/api/feedback-sessions/${encodeURIComponent(sessionId)}/personas/${encodeURIComponent(personaId)}/interview`;
const interviewKey = (sessionId: string, personaId: string) => ['studies', sessionId, 'interviews', personaId] as const;

export const getInterview = (sessionId: string, personaId: string) => api<Interview>(apiPath(sessionId, personaId));
export const interviewQueryOptions = (sessionId: string, personaId: string) =>
  queryOptions({ queryKey: interviewKey(sessionId, personaId), queryFn: () => getInterview(sessionId, personaId) });
export const useInterview = (sessionId: string, personaId: string) => useQuery(interviewQueryOptions(sessionId, personaId));

export const sendInterviewMessage = (sessionId: string, personaId: string, request: InterviewMessageRequest) =>
  api<InterviewReply>(apiPath(sessionId, personaId), { method: 'POST', body: request });

/** The reply's two turns are added to the stored conversation as they came back. */
export function useSendInterviewMessage(sessionId: string, personaId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: InterviewMessageRequest) => sendInterviewMessage(sessionId, personaId, request),
    onSuccess: (answer) =>
      client.setQueryData<Interview>(interviewKey(sessionId, personaId), (current) =>
        current ? { ...current, turns: [...current.turns, answer.message, answer.reply] } : current,
      ),
  });
}
