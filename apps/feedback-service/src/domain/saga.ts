// A saga: steps that span stores (database rows, then queue messages), each with an optional
// compensation. When a step fails, the compensations of the steps already done run in reverse
// order and the original error is rethrown. Small enough that a library would add more than it saves.

export interface SagaStep<C> {
  name: string;
  run: (context: C) => Promise<void>;
  compensate?: (context: C) => Promise<void>;
}

export class SagaFailedError extends Error {
  constructor(
    readonly step: string,
    readonly compensationErrors: { step: string; error: unknown }[],
    options: { cause: unknown },
  ) {
    super(`saga step "${step}" failed: ${(options.cause as Error)?.message ?? String(options.cause)}`, options);
  }
}

export async function runSaga<C>(steps: SagaStep<C>[], context: C): Promise<C> {
  const done: SagaStep<C>[] = [];
  for (const step of steps) {
    try {
      await step.run(context);
      done.push(step);
    } catch (error) {
      const compensationErrors: { step: string; error: unknown }[] = [];
      for (const finished of done.reverse()) {
        try {
          await finished.compensate?.(context);
        } catch (compensationError) {
          compensationErrors.push({ step: finished.name, error: compensationError });
        }
      }
      throw new SagaFailedError(step.name, compensationErrors, { cause: error });
    }
  }
  return context;
}
