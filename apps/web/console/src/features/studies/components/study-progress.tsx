// A running study: its live progress bar from the event stream, and cancel.
import type { FeedbackSession } from '@persona-lab/contracts';

import { ProgressBar } from '../../../components/ui/progress-bar';
import { ErrorState, Note } from '../../../components/ui/states';
import { useCancelStudy } from '../api/studies';
import { useStudyProgress } from '../api/use-study-progress';

export function StudyProgress({ study }: { study: FeedbackSession }) {
  const { event, interrupted } = useStudyProgress(study.id, true);
  const cancel = useCancelStudy(study.id);
  const progress = event?.progress ?? study.progress;

  const confirmCancel = () => {
    if (window.confirm('Cancel this study? Answers already given are kept; the rest are not asked.')) cancel.mutate();
  };

  return (
    <div className="card progress-card">
      <h2>In progress</h2>
      <ProgressBar progress={progress} label="Answers received" textTestId="progress-text" />
      {interrupted && <Note tone="warning">The live connection dropped; reconnecting…</Note>}
      {cancel.isError && <ErrorState error={cancel.error} title="The study was not cancelled" />}
      <button type="button" className="button button-danger" onClick={confirmCancel} disabled={cancel.isPending}>
        {cancel.isPending ? 'Cancelling…' : 'Cancel study'}
      </button>
    </div>
  );
}
