// Live progress of a running study from its Server-Sent Events (the session cookie goes along, same
// origin); when the stream says the study finished, the study is read again for its results.
import type { SessionProgressEvent } from '@persona-lab/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { studiesKey } from './studies';

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function useStudyProgress(id: string, running: boolean): { event: SessionProgressEvent | undefined; interrupted: boolean } {
  const client = useQueryClient();
  const [event, setEvent] = useState<SessionProgressEvent>();
  const [interrupted, setInterrupted] = useState(false);

  useEffect(() => {
    if (!running) return;
    const source = new EventSource(`/api/feedback-sessions/${encodeURIComponent(id)}/events`);
    source.addEventListener('progress', (message) => {
      const next = JSON.parse((message as MessageEvent<string>).data) as SessionProgressEvent;
      setEvent(next);
      setInterrupted(false);
      if (FINISHED.has(next.status)) {
        source.close();
        void client.invalidateQueries({ queryKey: studiesKey });
      }
    });
    // EventSource reconnects by itself; say so while it does.
    source.addEventListener('error', () => setInterrupted(source.readyState !== EventSource.OPEN));
    return () => source.close();
  }, [id, running, client]);

  return { event, interrupted };
}
