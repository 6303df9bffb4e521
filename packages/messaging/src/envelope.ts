// How a contract's message is put on the wire and read back: JSON body, AMQP properties and the
// headers that carry the contract version, the request id and the attempt count.
import { randomUUID } from 'node:crypto';

import type { MessageContract, MessageOf } from '@persona-lab/contracts';
import type { Message, MessagePropertyHeaders, Options } from 'amqplib';
import { Compile } from 'typebox/compile';

import { InvalidMessageError } from './errors.js';

export const HEADERS = {
  requestId: 'x-request-id',
  contractVersion: 'x-contract-version',
  /** 1 on first publish; each pass through a retry queue adds one. */
  attempt: 'x-attempt',
  lastError: 'x-last-error',
  deadLetterReason: 'x-dead-letter-reason',
  deadLetterCause: 'x-dead-letter-cause',
  /** On a dead letter: how many attempts were made. */
  attempts: 'x-attempts',
  originalQueue: 'x-original-queue',
  deadLetteredAt: 'x-dead-lettered-at',
  /** How often an operator sent the message back from its dead-letter queue (`dead-letters requeue`). */
  requeues: 'x-requeues',
  requeuedAt: 'x-requeued-at',
} as const;

const MAX_REASON_LENGTH = 1_000;

type Validator = {
  Check(value: unknown): boolean;
  Errors(value: unknown): Iterable<{ instancePath: string; message: string; keyword: string }>;
};
const validators = new WeakMap<MessageContract, Validator>();

function validatorOf(contract: MessageContract): Validator {
  let validator = validators.get(contract);
  if (!validator) {
    validator = Compile(contract.schema) as unknown as Validator;
    validators.set(contract, validator);
  }
  return validator;
}

/** The problems of `value` against the contract's schema, one line each; empty when it is valid. */
export function problemsOf(contract: MessageContract, value: unknown): string[] {
  const validator = validatorOf(contract);
  if (validator.Check(value)) return [];
  const errors = [...validator.Errors(value)];
  // A union reports each failed branch as well as itself; its anyOf line alone says it.
  const unionPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  const lines = errors
    .filter((error) => error.keyword === 'anyOf' || !unionPaths.has(error.instancePath))
    .map((error) => `${error.instancePath || '/'} ${error.message}`);
  const unique = [...new Set(lines)].slice(0, 5);
  return unique.length > 0 ? unique : ['does not match the schema'];
}

export interface OutgoingMessage {
  content: Buffer;
  options: Options.Publish & { headers: Record<string, unknown>; messageId: string };
}

export function encode<C extends MessageContract>(
  contract: C,
  message: MessageOf<C>,
  { requestId, messageId }: { requestId: string; messageId?: string },
): OutgoingMessage {
  const problems = problemsOf(contract, message);
  if (problems.length > 0) throw new InvalidMessageError(contract.name, problems);
  return {
    content: Buffer.from(JSON.stringify(message)),
    options: {
      persistent: true,
      contentType: 'application/json',
      type: contract.name,
      messageId: messageId ?? randomUUID(),
      timestamp: Math.floor(Date.now() / 1000),
      headers: { [HEADERS.requestId]: requestId, [HEADERS.contractVersion]: contract.version, [HEADERS.attempt]: 1 },
    },
  };
}

export type Decoded<C extends MessageContract> = { ok: true; message: MessageOf<C> } | { ok: false; reason: string };

/** Parses and validates a delivery; never throws, so a bad message can only end in the DLQ. */
export function decode<C extends MessageContract>(contract: C, delivery: Message): Decoded<C> {
  const { type } = delivery.properties;
  if (type !== undefined && type !== contract.name) {
    return { ok: false, reason: `a ${String(type)} does not belong in the queue of ${contract.name}` };
  }
  const headers = delivery.properties.headers ?? {};
  const version = headers[HEADERS.contractVersion];
  if (version === undefined) return { ok: false, reason: `no ${HEADERS.contractVersion} header` };
  if (Number(version) !== contract.version) {
    return {
      ok: false,
      reason: `unknown contract version ${String(version)} of ${contract.name} (this consumer reads version ${contract.version})`,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(delivery.content.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  const problems = problemsOf(contract, body);
  if (problems.length > 0) return { ok: false, reason: `invalid ${contract.name}: ${problems.join('; ')}` };
  return { ok: true, message: body as MessageOf<C> };
}

export function attemptOf(delivery: Message): number {
  const attempt = Number(delivery.properties.headers?.[HEADERS.attempt]);
  return Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}

export function requestIdOf(delivery: Message, message?: { requestId?: unknown }): string | undefined {
  const header = delivery.properties.headers?.[HEADERS.requestId];
  if (typeof header === 'string' && header) return header;
  if (Buffer.isBuffer(header)) return header.toString('utf8');
  return typeof message?.requestId === 'string' ? message.requestId : undefined;
}

/** Our own headers of a delivery, without what the broker added (x-death and friends). */
function ownHeaders(headers: MessagePropertyHeaders | undefined): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key === 'x-death' || key.startsWith('x-first-death-') || key.startsWith('x-last-death-') || key === 'x-delivery-count') continue;
    kept[key] = value;
  }
  return kept;
}

function truncate(text: string): string {
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH)}…` : text;
}

/** The same message, re-addressed: its body and properties kept, headers updated. */
export function republished(delivery: Message, headers: Record<string, unknown>): OutgoingMessage {
  const { properties } = delivery;
  const options: OutgoingMessage['options'] = {
    persistent: true,
    messageId: typeof properties.messageId === 'string' ? properties.messageId : randomUUID(),
    headers: { ...ownHeaders(properties.headers), ...headers },
  };
  if (properties.contentType) options.contentType = properties.contentType;
  if (properties.type) options.type = properties.type;
  if (properties.timestamp) options.timestamp = properties.timestamp;
  return { content: delivery.content, options };
}

export function retryHeaders(nextAttempt: number, error: string): Record<string, unknown> {
  return { [HEADERS.attempt]: nextAttempt, [HEADERS.lastError]: truncate(error) };
}

export function deadLetterHeaders(details: { reason: string; cause: string; attempts: number; queue: string }): Record<string, unknown> {
  return {
    [HEADERS.deadLetterReason]: truncate(details.reason),
    [HEADERS.deadLetterCause]: details.cause,
    [HEADERS.attempts]: details.attempts,
    [HEADERS.originalQueue]: details.queue,
    [HEADERS.deadLetteredAt]: new Date().toISOString(),
  };
}
