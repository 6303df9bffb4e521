// What a service writes against: its handler's signature, what the handler is told, consume options.
import type { MessageContract, MessageOf, RetryPolicy } from '@persona-lab/contracts';
import type { FastifyBaseLogger } from 'fastify';

export interface MessageContext {
  /** From the message headers (or the payload), so one request can be followed across services. */
  requestId: string;
  messageId: string;
  /** 1 on the first delivery; grows with each retry. */
  attempt: number;
  /** Attempts the retry policy allows (the contract's, or the consume's override). */
  maxAttempts: number;
  /** No retry follows this attempt: a failure now dead-letters the message, so record it as final. */
  lastAttempt: boolean;
  /** The broker delivered this message before without an acknowledgement (a consumer was lost). */
  redelivered: boolean;
  /** A child logger bound to the request id, message id, contract and attempt. */
  log: FastifyBaseLogger;
}

/**
 * What a domain function gets about the message it works for: the request id and logger of any
 * RequestContext, plus the delivery facts that decide retries (`lastAttempt`) and take-overs of a
 * claim (`redelivered`). A handler passes its MessageContext as it is.
 */
export type Delivery = Pick<MessageContext, 'requestId' | 'attempt' | 'lastAttempt' | 'redelivered' | 'log'>;

/**
 * Resolves once the work is committed: only then is the message acknowledged. Throwing retries the
 * message (with the contract's delays) until its attempts run out; RetryLaterError says the retry is
 * expected; throwing a PermanentError sends it to the dead-letter queue at once.
 */
export type MessageHandler<C extends MessageContract> = (message: MessageOf<C>, context: MessageContext) => Promise<void>;

export interface ConsumeOptions {
  /** Messages handled at once by this consumer (unacknowledged deliveries). Default 10. */
  prefetch?: number;
  /** Overrides the contract's retry policy and the broker's retry delays for this consumer only. */
  retry?: Partial<RetryPolicy>;
  /** For an event: the subscribing service, which owns the queue. Defaults to the broker's service. */
  subscriber?: string;
}
