// A running study: its live progress bar from the event stream, and cancel.
import type { FeedbackSession } from '@persona-lab/contracts';

import { ErrorState, Note } from '../../../components/ui/states';
import { useCancelStudy } from '../api/studies';
import { useStudyProgress } from '../api/use-study-progress';

export function StudyProgress({ study }: { study: FeedbackSession }) {
  const { event, interrupted } = useStudyProgress(study.id, true);
  const cancel = useCancelStudy(study.id);
  const progress = event?.progress ?? study.progress;
  const done = progress.completed + progress.failed + progress.cancelled;
  const percent = progress.total === 0 ? 0 : Math.round((done / progress.total) * 100);

  const confirmCancel = () => {
    if (window.confirm('Cancel this study? Answers already given are kept; the rest are not asked.')) cancel.mutate();
  };

  return (
    <div className="card progress-card">
      <h2>In progress</h2>
      <div
        className="progress"
        role="progressbar"
        aria-label="Answers received"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${progress.total} answers (${percent} %)`}
      >
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p aria-live="polite" data-testid="progress-text">
        {done} of {progress.total} answers ({percent} %){progress.failed > 0 ? ` · ${progress.failed} failed` : ''}
      </p>
      {interrupted && <Note tone="warning">The live connection dropped; reconnecting…</Note>}
      {cancel.isError && <ErrorState error={cancel.error} title="The study was not cancelled" />}
      <button type="button" className="button button-danger" onClick={confirmCancel} disabled={cancel.isPending}>
        {cancel.isPending ? 'Cancelling…' : 'Cancel study'}
      </button>
    </div>
  );
}
