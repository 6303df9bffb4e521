// What a service writes against: its handler's signature, what the handler is told, consume options.
import type { MessageContract, MessageOf, RetryPolicy } from '@persona-lab/contracts';
import type { FastifyBaseLogger } from 'fastify';

export interface MessageContext {
  /** From the message headers (or the payload), so one request can be followed across services. */
  requestId: string;
  messageId: string;
  /** 1 on the first delivery; grows with each retry. */
  attempt: number;
  /** The broker delivered this message before without an acknowledgement (a consumer was lost). */
  redelivered: boolean;
  /** A child logger bound to the request id, message id, contract and attempt. */
  log: FastifyBaseLogger;
}

/**
 * Resolves once the work is committed: only then is the message acknowledged. Throwing retries the
 * message (with the contract's delays) until its attempts run out; throwing a PermanentError sends it
 * to the dead-letter queue at once.
 */
export type MessageHandler<C extends MessageContract> = (message: MessageOf<C>, context: MessageContext) => Promise<void>;

export interface ConsumeOptions {
  /** Messages handled at once by this consumer (unacknowledged deliveries). Default 10. */
  prefetch?: number;
  /** Overrides the contract's retry policy (tests use short delays). */
  retry?: Partial<RetryPolicy>;
  /** For an event: the subscribing service, which owns the queue. Defaults to the broker's service. */
  subscriber?: string;
}
