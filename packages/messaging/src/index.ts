export { Broker, type BrokerOptions, type PublishOptions, type Subscription } from './broker.js';
export type { DeadLetter } from './dead-letter-message.js';
export {
  BrokerUnavailableError,
  type DeadLetterListing,
  type DeadLetterQueueOptions,
  knownQueues,
  listDeadLetters,
  QueueNotFoundError,
  requeueDeadLetters,
  type RequeueResult,
  resolveDeadLetterQueue,
  UnknownQueueError,
} from './dead-letters.js';
export { HEADERS } from './envelope.js';
export { InvalidMessageError, PermanentError, PublishError, RetryLaterError } from './errors.js';
export type { ConsumeOptions, Delivery, MessageContext, MessageHandler } from './handler.js';
export type { BrokerHooks, DeadLetterCause, MessageEvent } from './hooks.js';
export { assertLeaseOutlastsCalls, LEASE_MARGIN_MS } from './lease.js';
export { attachBrokerMetrics } from './metrics.js';
export { ALL_CONTRACTS, deleteNamespace } from './namespace.js';
export { brokerPlugin, type BrokerPluginOptions } from './plugin.js';
export {
  type ConsumableQueue,
  deadLetterQueueName,
  describeConsumableQueue,
  EVENT_SUBSCRIBERS,
  exchangeName,
  qualify,
  REDELIVERY_LIMIT,
  retryQueueName,
  subscriptionQueueName,
} from './topology.js';
