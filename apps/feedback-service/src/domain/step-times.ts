// How long each step of a piece of work took, for a debug log line and the metrics: where the time of a slow run went.

export class StepTimes {
  /** Milliseconds per step, in the order the steps ended. */
  readonly ms: Record<string, number> = {};
  private last = performance.now();

  /** Ends the step running since the previous `lap` (or since the start). */
  lap(step: string): void {
    const now = performance.now();
    this.ms[step] = Math.round(now - this.last);
    this.last = now;
  }

  /** Times `run` until it settles, on its own (it may overlap the running lap), as `step`. */
  async time<T>(step: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.ms[step] = Math.round(performance.now() - started);
    }
  }
}
