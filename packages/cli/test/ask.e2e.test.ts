// `persona-lab ask` against the real platform (every service a child process, the offline AI
// provider): a finished session's panel answers a choice question, and the printed summary is what
// the stored answers say.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createActivePersonas } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

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
  const email = `${randomUUID()}@example.com`;
  const login = await run(['login', '--register', '--email', email, '--password', PASSWORD]);
  expect(login.code, login.stderr).toBe(0);
  const { id } = await platform.prisma.user.findUniqueOrThrow({ where: { email } });
  return { run, userId: id };
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
});
