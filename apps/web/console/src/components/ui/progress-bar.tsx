// Progress of answers as a bar and a line of text that screen readers announce as it changes.
import type { SessionProgress } from '@persona-lab/contracts';

interface ProgressBarProps {
  progress: Pick<SessionProgress, 'total' | 'completed' | 'failed' | 'cancelled'>;
  /** What the bar counts, for assistive technology. */
  label: string;
  textClassName?: string;
  textTestId?: string;
}

export function ProgressBar({ progress, label, textClassName, textTestId }: ProgressBarProps) {
  const done = progress.completed + progress.failed + progress.cancelled;
  const percent = progress.total === 0 ? 0 : Math.round((done / progress.total) * 100);
  return (
    <>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${progress.total} answers (${percent} %)`}
      >
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p aria-live="polite" className={textClassName} data-testid={textTestId}>
        {done} of {progress.total} answers ({percent} %){progress.failed > 0 ? ` · ${progress.failed} failed` : ''}
      </p>
    </>
  );
}
