// "Replay this study": starts the same study again (same products, personas, language and seed) and
// opens the new one, whose page shows its progress and then its results.
import { useNavigate } from 'react-router';

import { ApiError } from '../../../lib/api-client';
import { useReplayStudy } from '../api/replay-study';

export function ReplayButton({ studyId }: { studyId: string }) {
  const replay = useReplayStudy();
  const navigate = useNavigate();
  const error = replay.error ? (replay.error instanceof ApiError ? replay.error.message : 'The server could not be reached') : undefined;
  const click = () =>
    replay.mutate(
      { id: studyId, idempotencyKey: crypto.randomUUID() },
      { onSuccess: (started) => void navigate(`/studies/${started.sessionId}`) },
    );
  return (
    <div className="replay">
      <button type="button" className="button button-small" onClick={click} disabled={replay.isPending}>
        {replay.isPending ? 'Replaying…' : 'Replay this study'}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
