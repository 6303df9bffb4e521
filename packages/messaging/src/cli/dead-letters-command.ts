// `dead-letters list|requeue <queue>`: the operator's view of a dead-letter queue. `main` takes its
// arguments, environment and output streams as parameters so that tests run it in-process.
import { parseArgs } from 'node:util';

import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

import type { DeadLetter } from '../dead-letter-message.js';
import {
  BrokerUnavailableError,
  knownQueues,
  listDeadLetters,
  QueueNotFoundError,
  requeueDeadLetters,
  UnknownQueueError,
} from '../dead-letters.js';

export const ExitCode = {
  success: 0,
  /** Wrong arguments or environment, or a queue name no contract defines. */
  usage: 1,
  /** RabbitMQ unreachable, refusing, or missing the queue. */
  broker: 2,
  /** requeue --id: some ids were not in the dead-letter queue (the others were requeued). */
  notFound: 3,
} as const;

export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

// The same rules as service-kit's BrokerConfig; restated because importing service-kit here would
// load Prisma for a command that only talks to RabbitMQ. No default URL: an operator names the broker.
const CommandEnv = Type.Object({
  RABBITMQ_URL: Type.String({ pattern: '^amqps?://' }),
  BROKER_NAMESPACE: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$' })),
});
type CommandEnv = Static<typeof CommandEnv>;

const DEFAULT_LIMIT = 100;
const BODY_PREVIEW_LENGTH = 160;

export const USAGE = `Usage: pnpm -s dead-letters <command> <queue> [options]

  list <queue>                  show the dead letters of <queue>, leaving them in place
  requeue <queue> --all         send every dead letter back to <queue>
  requeue <queue> --id <id>...  send back the dead letters with these message ids (repeatable)

<queue>: ${knownQueues()
  .map((known) => known.queue)
  .join(', ')}, or a task contract's name.

Options:
  --limit <n>   list at most n (default ${DEFAULT_LIMIT})
  --json        machine-readable output on stdout
  -h, --help    this text

Environment: RABBITMQ_URL (required), BROKER_NAMESPACE (the services' queue prefix, if they use one).
Exit codes: 0 done, 1 wrong usage or environment, 2 RabbitMQ failed or lacks the queue,
3 some --id not found (the others were requeued).
`;

class UsageError extends Error {}

interface Invocation {
  command: 'list' | 'requeue';
  queue: string;
  json: boolean;
  limit: number;
  select: 'all' | { ids: string[] };
}

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  let invocation: Invocation | 'help';
  let env: CommandEnv;
  try {
    invocation = parseInvocation(argv);
    if (invocation === 'help') {
      io.stdout.write(USAGE);
      return ExitCode.success;
    }
    env = readEnv(io.env);
  } catch (error) {
    io.stderr.write(`dead-letters: ${(error as Error).message}\n${error instanceof UsageError ? '(run with --help for usage)\n' : ''}`);
    return ExitCode.usage;
  }
  const target = { url: env.RABBITMQ_URL, namespace: env.BROKER_NAMESPACE, queue: invocation.queue };
  try {
    if (invocation.command === 'list') {
      const listing = await listDeadLetters({ ...target, limit: invocation.limit });
      io.stdout.write(invocation.json ? `${JSON.stringify(listing, null, 2)}\n` : formatListing(listing));
      return ExitCode.success;
    }
    const result = await requeueDeadLetters({ ...target, select: invocation.select });
    io.stdout.write(invocation.json ? `${JSON.stringify(result, null, 2)}\n` : formatRequeue(result));
    return result.notFound.length > 0 ? ExitCode.notFound : ExitCode.success;
  } catch (error) {
    io.stderr.write(`dead-letters: ${(error as Error).message}\n`);
    if (error instanceof UnknownQueueError) return ExitCode.usage;
    if (error instanceof QueueNotFoundError) {
      io.stderr.write(`(BROKER_NAMESPACE is ${env.BROKER_NAMESPACE ? `"${env.BROKER_NAMESPACE}"` : 'not set'})\n`);
      return ExitCode.broker;
    }
    if (error instanceof BrokerUnavailableError) return ExitCode.broker;
    throw error;
  }
}

function parseInvocation(argv: readonly string[]): Invocation | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        all: { type: 'boolean', default: false },
        id: { type: 'string', multiple: true, default: [] },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, queue, ...extra] = positionals;
  if (command !== 'list' && command !== 'requeue') {
    throw new UsageError(command ? `unknown command "${command}"; use list or requeue` : 'a command is required: list or requeue');
  }
  if (!queue) throw new UsageError(`${command} needs a queue name`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const ids = values.id
    .flatMap((value) => value.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  if (command === 'list' && (values.all || ids.length > 0)) throw new UsageError('--all and --id belong to requeue');
  if (command === 'requeue') {
    if (values.all === ids.length > 0) throw new UsageError('requeue needs either --all or --id <message id>');
    if (values.limit !== undefined) throw new UsageError('--limit belongs to list');
  }
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!/^\d+$/.test(values.limit ?? '1') || limit < 1) throw new UsageError('--limit must be a positive whole number');
  return { command, queue, json: values.json, limit, select: values.all ? 'all' : { ids } };
}

function readEnv(env: NodeJS.ProcessEnv): CommandEnv {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(CommandEnv.properties)) {
    const value = env[key];
    if (value) raw[key] = value;
  }
  if (Value.Check(CommandEnv, raw)) return raw;
  if (!raw.RABBITMQ_URL) throw new Error('RABBITMQ_URL is required but not set (amqp://user:password@host:5672)');
  // Never echo the URL: it carries the password.
  if (!Value.Check(CommandEnv.properties.RABBITMQ_URL, raw.RABBITMQ_URL))
    throw new Error('RABBITMQ_URL must start with amqp:// or amqps://');
  throw new Error(`BROKER_NAMESPACE must be 1-40 characters of a-z, 0-9 and - (got ${JSON.stringify(raw.BROKER_NAMESPACE)})`);
}

function formatListing(listing: { deadLetterQueue: string; ready: number; deadLetters: DeadLetter[] }): string {
  const { deadLetters, ready, deadLetterQueue } = listing;
  if (deadLetters.length === 0) return `${deadLetterQueue}: no dead letters\n`;
  const lines = [
    `${deadLetterQueue}: ${deadLetters.length === ready ? ready : `showing ${deadLetters.length} of ${ready}`} dead letter(s)`,
  ];
  if (deadLetters.length < ready) lines.push('(more than --limit, or another client holds some right now)');
  deadLetters.forEach((letter, index) => {
    lines.push(
      '',
      `${index + 1}. ${letter.messageId ?? '(no message id)'}  request ${letter.requestId ?? '-'}  ${letter.contract ?? ''}`.trimEnd(),
      `   ${letter.cause} after ${letter.attempts ?? '?'} attempt(s), dead-lettered ${letter.deadLetteredAt ?? 'at an unknown time'}` +
        (letter.requeues > 0 ? `, requeued ${letter.requeues}x before` : ''),
      `   reason: ${oneLine(letter.reason, 500)}`,
      `   body:   ${oneLine(letter.body, BODY_PREVIEW_LENGTH)}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function formatRequeue(result: { queue: string; deadLetterQueue: string; requeued: DeadLetter[]; notFound: string[] }): string {
  const lines = [`requeued ${result.requeued.length} dead letter(s) from ${result.deadLetterQueue} to ${result.queue}`];
  for (const letter of result.requeued)
    lines.push(`  ${letter.messageId ?? '(no message id)'}  (${letter.cause}: ${oneLine(letter.reason, 80)})`);
  for (const id of result.notFound) lines.push(`not found in ${result.deadLetterQueue}: ${id}`);
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
