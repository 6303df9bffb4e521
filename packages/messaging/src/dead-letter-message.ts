// What a dead letter says (cause, reason, attempts, when; set by our consumers or by RabbitMQ itself),
// and the copy of it that goes back to work.
import type { Message } from 'amqplib';

import { HEADERS, type OutgoingMessage, republished } from './envelope.js';

/** One dead letter as an operator needs to see it. */
export interface DeadLetter {
  messageId: string | undefined;
  requestId: string | undefined;
  /** The contract (AMQP `type`) the message claims to be. */
  contract: string | undefined;
  /** invalid, permanent or exhausted (our consumers), or `broker:<reason>` (RabbitMQ, e.g. delivery_limit). */
  cause: string;
  reason: string;
  /** Attempts made before it was dead-lettered, when known. */
  attempts: number | undefined;
  /** ISO 8601, when known. */
  deadLetteredAt: string | undefined;
  /** How often an operator already sent it back. */
  requeues: number;
  /** The body as UTF-8 text. */
  body: string;
}

export function describeDeadLetter(message: Message): DeadLetter {
  const headers = message.properties.headers ?? {};
  const death = firstDeath(headers);
  const ours = text(headers[HEADERS.deadLetterCause]);
  return {
    messageId: messageIdOf(message),
    requestId: text(headers[HEADERS.requestId]),
    contract: text(message.properties.type),
    cause: ours ?? (death ? `broker:${death.reason}` : 'unknown'),
    reason:
      text(headers[HEADERS.deadLetterReason]) ??
      (death ? `RabbitMQ dead-lettered it from ${death.queue} (${death.reason})` : 'no reason recorded'),
    attempts: countOf(headers[HEADERS.attempts]) ?? countOf(headers[HEADERS.attempt]),
    deadLetteredAt: text(headers[HEADERS.deadLetteredAt]) ?? death?.time,
    requeues: requeuesOf(message),
    body: message.content.toString('utf8'),
  };
}

/** Headers of a past dead-lettering, dropped when a message goes back to work. */
const DEAD_LETTER_HEADERS = [
  HEADERS.deadLetterReason,
  HEADERS.deadLetterCause,
  HEADERS.attempts,
  HEADERS.originalQueue,
  HEADERS.deadLetteredAt,
  HEADERS.lastError,
];

/** The message as it goes back to work: same id, body and request id; a fresh attempt count. */
export function requeuedMessage(delivery: Message, at = new Date()): OutgoingMessage {
  const message = republished(delivery, {});
  const headers = message.options.headers;
  for (const header of DEAD_LETTER_HEADERS) delete headers[header];
  headers[HEADERS.attempt] = 1;
  headers[HEADERS.requeues] = requeuesOf(delivery) + 1;
  headers[HEADERS.requeuedAt] = at.toISOString();
  return message;
}

export function messageIdOf(message: Message): string | undefined {
  return text(message.properties.messageId);
}

function requeuesOf(message: Message): number {
  return countOf(message.properties.headers?.[HEADERS.requeues]) ?? 0;
}

/** The first time RabbitMQ itself dead-lettered the message (delivery limit, rejection, expiry). */
function firstDeath(headers: Record<string, unknown>): { reason: string; queue: string; time: string | undefined } | undefined {
  const deaths = headers['x-death'];
  if (!Array.isArray(deaths) || deaths.length === 0) return undefined;
  // x-death lists the most recent dead-lettering first.
  const death = deaths.at(-1) as Record<string, unknown>;
  return { reason: text(death.reason) ?? 'unknown', queue: text(death.queue) ?? 'its queue', time: timestampOf(death.time) };
}

function timestampOf(value: unknown): string | undefined {
  // amqplib decodes an AMQP timestamp (seconds) as { '!': 'timestamp', value }.
  const seconds = typeof value === 'object' && value !== null && 'value' in value ? Number(value.value) : Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (Buffer.isBuffer(value)) return value.toString('utf8') || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function countOf(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}
