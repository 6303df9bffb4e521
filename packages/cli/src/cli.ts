// persona-lab's entry: flags → a command, failures → a message and an exit code. `main` takes its
// output streams and environment as arguments so tests run it in-process.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import { ask } from './commands/ask.js';
import { interview, type InterviewFlags } from './commands/interview.js';
import { login, logout } from './commands/login.js';
import { listProducts } from './commands/products.js';
import { DEFAULT_OUT_DIR, research, type ResearchFlags } from './commands/research.js';
import { cancelSession, replaySession, showSession } from './commands/sessions.js';
import { MAX_CONCURRENCY, type ValidateFlags, validateGazpacho } from './commands/validate.js';
import { type CliIo, createContext, type GlobalFlags } from './context.js';
import { CliError, ExitCode } from './errors.js';
import type { QuestionFlags } from './input/question.js';

export type { CliIo } from './context.js';
export { ExitCode } from './errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function amount(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError('must be an amount in USD, e.g. 0.50');
  return Number(value);
}

function positiveAmount(value: string): number {
  const parsed = amount(value);
  if (parsed <= 0) throw new InvalidArgumentError('must be more than 0');
  return parsed;
}

function buildProgram(io: CliIo, run: (action: () => Promise<void>) => Promise<void>): Command {
  const program = new Command('persona-lab')
    .description('Synthetic consumer research against a running Persona Lab platform.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run with --help for the flags)')
    .configureHelp({ showGlobalOptions: true })
    .option('--email <email>', 'account email (env PERSONA_LAB_EMAIL)')
    .option('--password <password>', 'account password (env PERSONA_LAB_PASSWORD)')
    .option('--auth-url <url>', 'auth-api URL (env AUTH_API_URL, default http://127.0.0.1:3001)')
    .option('--product-url <url>', 'product-api URL (env PRODUCT_API_URL, default http://127.0.0.1:3002)')
    .option('--persona-url <url>', 'persona-service URL (env PERSONA_SERVICE_URL, default http://127.0.0.1:3003)')
    .option('--feedback-url <url>', 'feedback-service URL (env FEEDBACK_SERVICE_URL, default http://127.0.0.1:3004)')
    .option('--base-url <url>', 'one URL for all services behind a gateway (env PERSONA_LAB_BASE_URL)');

  const contextOf = (command: Command) => createContext(io, command.optsWithGlobals<GlobalFlags>());

  program
    .command('research')
    .description('Create or pick products, run a feedback session on a panel of personas, and print the insights.')
    .option('--register', 'create the account first (an existing account just signs in)')
    .option('--name <text>', 'new product: name')
    .option('--description <text>', 'new product: description')
    .option('--price <amount>', 'new product: price, e.g. 19.99')
    .option('--currency <code>', "new product: ISO 4217 currency of the price, e.g. EUR (default: product-api's)")
    .option('--category <text>', 'new product: category')
    .option('--feature <text>', 'new product: a key feature (repeatable)', collect)
    .option('--product-file <path>', 'new product(s) from a JSON file: one object or an array, fields of POST /products')
    .option('--product-id <uuid>', 'an existing product (repeatable: products are compared side by side)', collect)
    .option('--personas <n>', 'panel: how many personas of the target audience (found or generated)', positiveInteger)
    .option('--gender <MALE|FEMALE>', 'audience: gender (repeatable)', collect)
    .option('--age-range <range>', 'audience: age range such as 18-25 or 46+ (repeatable)', collect)
    .option('--region <text>', 'audience: region (repeatable)', collect)
    .option('--income <level>', 'audience: income level (repeatable)', collect)
    .option('--country <code>', 'audience: ISO 3166 country code, e.g. DE')
    .option('--interest <text>', 'audience: an interest (repeatable)', collect)
    .option('--persona-id <uuid>', 'panel: an existing persona instead of an audience (repeatable)', collect)
    .addOption(new Option('--language <code>', 'ISO 639-1 language of the feedback').default('en'))
    .addOption(new Option('--out-dir <dir>', 'where the report and CSV go').default(DEFAULT_OUT_DIR))
    .option('--max-cost <usd>', 'budget: stop the study once its model calls cost this much (USD)', positiveAmount)
    .option(
      '--confirm-above <usd>',
      'ask before starting when the estimate may cost more (env PERSONA_LAB_CONFIRM_ABOVE_USD, default 1)',
      amount,
    )
    .option('-y, --yes', 'start without asking, whatever the estimate says')
    .action((flags: ResearchFlags, command: Command) => run(() => research(contextOf(command), flags)));

  program
    .command('ask')
    .description('Ask the panel of a completed session a question and print a summary of the answers.')
    .argument('<session>', 'session id')
    .argument('<question>', 'the question (at most 1,000 characters)')
    .option('--scale <min-max>', 'answer on a scale, e.g. 1-5 or 0-10')
    .option('--min-label <text>', 'with --scale: what the lowest point means')
    .option('--max-label <text>', 'with --scale: what the highest point means')
    .option('--choice <option>', 'answer with one of the options (repeat for each, 2 to 10)', collect)
    .option('--product-id <uuid>', 'the product of the session the question is about (default: all of them)')
    .option('--persona-id <uuid>', 'ask only this persona of the session (repeatable; default: all of them)', collect)
    .action((sessionId: string, question: string, flags: QuestionFlags, command: Command) =>
      run(() => ask(contextOf(command), sessionId, question, flags)),
    );

  program
    .command('interview')
    .description('Talk with one persona of a completed session: each line you type is a message, /quit ends it.')
    .argument('<session>', 'session id')
    .argument('<persona>', 'persona id (one of the session)')
    .option('--message <text>', 'send this message instead of prompting (repeatable, in order)', collect)
    .option('--history', 'print the conversation so far first')
    .action((sessionId: string, personaId: string, flags: InterviewFlags, command: Command) =>
      run(() => interview(contextOf(command), sessionId, personaId, flags)),
    );

  program
    .command('login')
    .description('Sign in (or register with --register) and cache the token for later commands.')
    .option('--register', 'create the account first (an existing account just signs in)')
    .action((_flags: unknown, command: Command) => run(() => login(contextOf(command))));

  program
    .command('logout')
    .description('Revoke the cached token at the auth-api and forget it.')
    .action((_flags: unknown, command: Command) => run(() => logout(contextOf(command))));

  const products = program.command('products').description('Your products.');
  products
    .command('list')
    .description('List your products.')
    .addOption(new Option('--page <n>', 'page number').argParser(positiveInteger).default(1))
    .addOption(new Option('--page-size <n>', 'products per page (at most 100)').argParser(positiveInteger).default(20))
    .action((flags: { page: number; pageSize: number }, command: Command) => run(() => listProducts(contextOf(command), flags)));

  const sessions = program.command('sessions').description('Your feedback sessions.');
  sessions
    .command('show')
    .description("A session's status, progress and insights.")
    .argument('<id>', 'session id')
    .action((id: string, _flags: unknown, command: Command) => run(() => showSession(contextOf(command), id)));
  sessions
    .command('cancel')
    .description('Cancel a running session (answers already in are kept).')
    .argument('<id>', 'session id')
    .action((id: string, _flags: unknown, command: Command) => run(() => cancelSession(contextOf(command), id)));

  sessions
    .command('replay')
    .description(
      'Run a finished session again: the same products, personas, language and seed. Answers that have not changed come from the AI gateway’s cache, so an unchanged study comes back identical at no cost.',
    )
    .argument('<id>', 'session id')
    .action((id: string, _flags: unknown, command: Command) => run(() => replaySession(contextOf(command), id)));

  const validate = program.command('validate').description('Validity harnesses: a simulated panel against real people’s answers.');
  validate
    .command('gazpacho')
    .description(
      "Replicate TinyTroupe's bottled-gazpacho survey (50 US respondents) with one persona per respondent, " +
        'compare the answers with the humans’ and check that a clearly worse concept scores lower.',
    )
    .option('--register', 'create the account first (an existing account just signs in)')
    .addOption(new Option('--concurrency <n>', `persona generations at once (1–${MAX_CONCURRENCY})`).argParser(positiveInteger).default(4))
    .addOption(new Option('--out-dir <dir>', 'where the report goes').default(DEFAULT_OUT_DIR))
    .action((flags: ValidateFlags, command: Command) => run(() => validateGazpacho(contextOf(command), flags)));

  return program;
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.success;
  const run = async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      io.stderr.write(`error: ${error.message}\n`);
      exitCode = error.exitCode;
    }
  };
  try {
    await buildProgram(io, run).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Commander has already printed its message (unknown flag, missing value) or the help.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.success : ExitCode.userError;
    io.stderr.write(`error: unexpected failure, please report it: ${(error as Error).stack ?? String(error)}\n`);
    return ExitCode.userError;
  }
  return exitCode;
}
