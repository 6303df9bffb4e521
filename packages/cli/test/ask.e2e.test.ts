// `persona-lab ask` against the real platform (every service a child process, the offline AI
// provider): a finished session's panel answers a choice question, and the printed summary is what
// the stored answers say.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { createActivePersonas } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { main } from '../src/cli.js';
import { type Platform, startPlatform } from './platform.js';
import { runCli } from './run-cli.js';

const PASSWORD = 'correct horse battery';
let platform: Platform;
const workDirs: string[] = [];

beforeAll(async () => {
  platform = await startPlatform();
});

afterAll(async () => {
  await platform?.close();
  await Promise.all(workDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function signedInShell() {
  const cwd = await mkdtemp(path.join(tmpdir(), 'persona-lab-ask-'));
  workDirs.push(cwd);
  const env = { ...platform.cliEnv, XDG_CONFIG_HOME: path.join(cwd, 'config') };
  const run = (args: string[]) => runCli(args, { env, cwd });
  /** Runs the CLI with `input` as what the user types. */
  const typing = async (args: string[], input: string) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([input]),
      env,
      cwd,
    });
    return { code, stdout, stderr };
  };
  const email = `${randomUUID()}@example.com`;
  const login = await run(['login', '--register', '--email', email, '--password', PASSWORD]);
  expect(login.code, login.stderr).toBe(0);
  const { id } = await platform.prisma.user.findUniqueOrThrow({ where: { email } });
  return { run, typing, userId: id };
}

describe('persona-lab ask', () => {
  test('asks the panel of a finished session a choice question and prints the shares the stored answers have', async () => {
    const user = await signedInShell();
    const product = await platform.prisma.product.create({
      data: { ownerId: user.userId, name: 'Kettle', description: 'A quiet kettle.', price: '35.00', category: 'Kitchen', keyFeatures: [] },
    });
    const personas = await createActivePersonas(platform.prisma, user.userId, 3);
    const research = await user.run(['research', '--product-id', product.id, ...personas.flatMap((p) => ['--persona-id', p.id])]);
    expect(research.code, research.stderr).toBe(0);
    const sessionId = /Session ([0-9a-f-]{36}) started/.exec(research.stderr)![1]!;

    const run = await user.run([
      'ask',
      sessionId,
      'What would make you buy it?',
      '--choice',
      'A lower price',
      '--choice',
      'A longer warranty',
    ]);

    expect(run.code, run.stderr).toBe(0);
    const questionId = /Question ([0-9a-f-]{36}) asked of 3 personas/.exec(run.stderr)?.[1];
    expect(questionId, run.stderr).toBeDefined();
    expect(run.stderr).toMatch(/3\/3 answered/);
    const answers = await platform.prisma.panelAnswer.findMany({ where: { questionId } });
    expect(answers.map((a) => a.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    for (const option of ['A lower price', 'A longer warranty']) {
      const count = answers.filter((a) => a.choice === option).length;
      expect(run.stdout).toMatch(new RegExp(`^${option}\\s+${Math.round((count / 3) * 100)} %\\s+\\d+–\\d+ %\\s+${count}$`, 'm'));
    }
    expect(run.stdout).toContain(`Question ${questionId}: COMPLETED`);
    expect(run.stdout).toContain('3 of 3 personas answered');
  });

  test('says why a question is refused', async () => {
    const user = await signedInShell();
    const run = await user.run(['ask', randomUUID(), 'Anyone there?']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not found/i);
  });

  test('interviews one persona of the session, by typed lines and by --message, and keeps the conversation', async () => {
    const user = await signedInShell();
    const product = await platform.prisma.product.create({
      data: { ownerId: user.userId, name: 'Lamp', description: 'A desk lamp.', price: '40.00', category: 'Home', keyFeatures: [] },
    });
    const [persona] = await createActivePersonas(platform.prisma, user.userId, 1);
    const research = await user.run(['research', '--product-id', product.id, '--persona-id', persona!.id]);
    expect(research.code, research.stderr).toBe(0);
    const sessionId = /Session ([0-9a-f-]{36}) started/.exec(research.stderr)![1]!;

    const typed = await user.typing(['interview', sessionId, persona!.id], 'What do you think?\n\nWould you buy it?\n/quit\nnot sent\n');
    expect(typed.code, typed.stderr).toBe(0);
    expect(typed.stdout.trim().split('\n')).toHaveLength(2);
    const flagged = await user.run(['interview', sessionId, persona!.id, '--message', 'Anything else?', '--history']);
    expect(flagged.code, flagged.stderr).toBe(0);

    const turns = await platform.prisma.interviewTurn.findMany({ where: { sessionId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(turns.filter((t) => t.role === 'RESEARCHER').map((t) => t.text)).toEqual([
      'What do you think?',
      'Would you buy it?',
      'Anything else?',
    ]);
    // --history printed the earlier four turns before the new reply.
    expect(flagged.stdout.trim().split('\n')).toHaveLength(5);
    expect(flagged.stdout).toContain('You: Would you buy it?');
  });
});
