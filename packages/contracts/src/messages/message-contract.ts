// A message contract is data: its name, version, schema, where it travels and how it is retried.
// @persona-lab/messaging derives the broker topology from it; services never name queues themselves.
import type { Static, TSchema } from 'typebox';

/**
 * How a consumer retries a message whose handler failed. `maxAttempts` counts the first delivery;
 * retry n waits `delaysMs[n - 1]` (the last delay repeats when the list is shorter).
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly delaysMs: readonly number[];
}

interface ContractBase<S extends TSchema> {
  /** Stable name, also the AMQP `type` property of every message. */
  readonly name: string;
  /**
   * Bumped only by a breaking change. A contract otherwise grows by optional fields, and its schema
   * must accept unknown properties, so messages already queued still parse during a rolling deploy.
   */
  readonly version: number;
  readonly schema: S;
  readonly retry: RetryPolicy;
}

/** A unit of work for one consumer among competing consumers of one queue. */
export interface TaskContract<S extends TSchema = TSchema> extends ContractBase<S> {
  readonly kind: 'task';
  readonly queue: string;
  /**
   * How long one consumer's claim on the task's work keeps other deliveries of it away, like a
   * visibility timeout: after it, another consumer may take the work over. It must outlast the
   * longest call the handler makes while holding the claim; services refuse to start with a
   * timeout that does not fit (assertLeaseOutlastsCalls in @persona-lab/messaging).
   */
  readonly leaseMs: number;
}

/** A fact published once to an exchange; each subscribing service gets its own copy in its own queue. */
export interface EventContract<S extends TSchema = TSchema> extends ContractBase<S> {
  readonly kind: 'event';
  readonly exchange: string;
  readonly routingKey: string;
}

export type MessageContract<S extends TSchema = TSchema> = TaskContract<S> | EventContract<S>;

/** The payload type of a contract. */
export type MessageOf<C extends MessageContract> = Static<C['schema']>;

/** Work queues: 1 s, 10 s, 60 s between attempts, then the dead-letter queue. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, delaysMs: [1_000, 10_000, 60_000] };

export function defineTask<S extends TSchema>(
  contract: Omit<TaskContract<S>, 'kind' | 'retry'> & { retry?: RetryPolicy },
): TaskContract<S> {
  return Object.freeze({ ...contract, kind: 'task', retry: contract.retry ?? DEFAULT_RETRY_POLICY });
}

export function defineEvent<S extends TSchema>(
  contract: Omit<EventContract<S>, 'kind' | 'retry'> & { retry?: RetryPolicy },
): EventContract<S> {
  return Object.freeze({ ...contract, kind: 'event', retry: contract.retry ?? DEFAULT_RETRY_POLICY });
}
