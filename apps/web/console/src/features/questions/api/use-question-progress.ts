// Live progress of the questions being answered, from the study's event stream. The stream only
// runs while a question is in progress (the server ends it once none is), so it is opened only then
// and closed by the event that says every question is done; the questions are then read again.
import type { QuestionProgress, SessionProgressEvent } from '@persona-lab/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { questionsKey } from './questions';

export function useQuestionProgress(sessionId: string, answering: boolean) {
  const client = useQueryClient();
  const [progress, setProgress] = useState<Record<string, QuestionProgress>>({});
  const [interrupted, setInterrupted] = useState(false);

  useEffect(() => {
    if (!answering) return;
    const source = new EventSource(`/api/feedback-sessions/${encodeURIComponent(sessionId)}/events`);
    const running = new Set<string>();
    source.addEventListener('progress', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as SessionProgressEvent;
      const questions = event.questions ?? [];
      setProgress((current) => ({ ...current, ...Object.fromEntries(questions.map((q) => [q.questionId, q])) }));
      setInterrupted(false);
      // A question that has just finished is read again for its answers and insights.
      const finished = questions.filter((q) => q.status !== 'IN_PROGRESS' && running.delete(q.questionId));
      for (const q of questions) if (q.status === 'IN_PROGRESS') running.add(q.questionId);
      if (!questions.some((q) => q.status === 'IN_PROGRESS')) {
        source.close();
        void client.invalidateQueries({ queryKey: questionsKey(sessionId) });
      } else if (finished.length > 0) {
        void client.invalidateQueries({ queryKey: questionsKey(sessionId) });
      }
    });
    source.addEventListener('error', () => setInterrupted(source.readyState !== EventSource.OPEN));
    return () => source.close();
  }, [sessionId, answering, client]);

  return { progress, interrupted };
}
