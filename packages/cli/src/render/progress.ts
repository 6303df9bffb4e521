// One line of session progress, e.g. `[████████░░░░░░░░░░░░] 5/8 answered, 0 failed`.
import type { SessionProgress, SessionStatus } from '@persona-lab/contracts';

export function progressLine(status: SessionStatus, progress: SessionProgress, width = 24): string {
  const done = progress.completed + progress.failed + progress.cancelled;
  const filled = progress.total === 0 ? 0 : Math.round((done / progress.total) * width);
  const percent = progress.total === 0 ? 0 : Math.floor((done / progress.total) * 100);
  const parts = [`${progress.completed}/${progress.total} answered`];
  if (progress.failed) parts.push(`${progress.failed} failed`);
  if (progress.cancelled) parts.push(`${progress.cancelled} cancelled`);
  const running = status === 'IN_PROGRESS' || status === 'PENDING';
  // Every answer is in, the themes are being summed up.
  const state = !running ? ` — ${status.toLowerCase()}` : progress.total > 0 && progress.pending === 0 ? ' — summarising themes' : '';
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${parts.join(', ')}${state}`;
}

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Draws progress lines: on a terminal one line redrawn in place, elsewhere (a file, a CI log) a new
 * line only when the numbers change.
 */
export function createProgressPrinter(output: Output) {
  let last = '';
  let drawn = false;
  return {
    update(line: string) {
      if (line === last) return;
      last = line;
      if (output.isTTY) {
        output.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else {
        output.write(`${line}\n`);
      }
    },
    /** Ends the redrawn line so what follows starts on a fresh one. */
    done() {
      if (drawn) output.write('\n');
      drawn = false;
    },
  };
}
