export { Broker, type BrokerOptions, type PublishOptions, type Subscription } from './broker.js';
export type { ConsumeOptions, Delivery, MessageContext, MessageHandler } from './handler.js';
export { HEADERS } from './envelope.js';
export { InvalidMessageError, PermanentError, PublishError, RetryLaterError } from './errors.js';
export type { BrokerHooks, DeadLetterCause, MessageEvent } from './hooks.js';
export { brokerPlugin, type BrokerPluginOptions } from './plugin.js';
export { assertLeaseOutlastsCalls, LEASE_MARGIN_MS } from './lease.js';
export { attachBrokerMetrics } from './metrics.js';
export { deleteNamespace, ALL_CONTRACTS } from './namespace.js';
export {
  BrokerUnavailableError,
  QueueNotFoundError,
  UnknownQueueError,
  knownQueues,
  listDeadLetters,
  requeueDeadLetters,
  resolveDeadLetterQueue,
  type DeadLetterListing,
  type DeadLetterQueueOptions,
  type RequeueResult,
} from './dead-letters.js';
export type { DeadLetter } from './dead-letter-message.js';
export {
  EVENT_SUBSCRIBERS,
  REDELIVERY_LIMIT,
  deadLetterQueueName,
  describeConsumableQueue,
  exchangeName,
  qualify,
  retryQueueName,
  subscriptionQueueName,
  type ConsumableQueue,
} from './topology.js';
