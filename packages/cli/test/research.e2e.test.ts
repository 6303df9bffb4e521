// The CLI against the real platform: every service a child process, the offline AI provider.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { SessionInsights } from '@persona-lab/contracts';
import { createActivePersonas, startServiceProcess, waitFor } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { tokenCachePath } from '../src/config.js';
import { comparisonLines } from '../src/render/comparisons.js';
import { formatBounds, formatNumber, formatPercent } from '../src/render/format.js';
import { formatAverage, formatLikelyBuyers } from '../src/render/insights.js';
import { segmentTable, warningLines } from '../src/render/product-section.js';
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

/** A user's shell: a working directory, a config home of its own, the platform's URLs. */
async function shell(extraEnv: Record<string, string> = {}) {
  const cwd = await mkdtemp(path.join(tmpdir(), 'persona-lab-cli-'));
  workDirs.push(cwd);
  const env = { ...platform.cliEnv, XDG_CONFIG_HOME: path.join(cwd, 'config'), ...extraEnv };
  return { cwd, env, tokenFile: tokenCachePath(env), run: (args: string[]) => runCli(args, { env, cwd }) };
}

const newEmail = () => `${randomUUID()}@example.com`;

function sessionIdOf(stderr: string): string {
  const id = /Session ([0-9a-f-]{36}) started/.exec(stderr)?.[1];
  if (!id) throw new Error(`no session id in:\n${stderr}`);
  return id;
}

/** The lines of one product's section: from its heading to the next heading or the closing note. */
function sectionOf(stdout: string, productName: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(`── ${productName} ──`);
  if (start < 0) throw new Error(`no section for ${productName} in:\n${stdout}`);
  const end = lines.findIndex((line, i) => i > start && (line.startsWith('── ') || line.startsWith('Note:')));
  return lines.slice(start, end < 0 ? undefined : end);
}

async function signUp(email: string) {
  const user = await shell();
  const run = await user.run(['login', '--register', '--email', email, '--password', PASSWORD]);
  expect(run.code, run.stderr).toBe(0);
  const { id } = await platform.prisma.user.findUniqueOrThrow({ where: { email } });
  return { ...user, userId: id };
}

const createPersonas = (ownerId: string, count: number) => createActivePersonas(platform.prisma, ownerId, count);

describe('persona-lab research', () => {
  test('runs a study of two products on a target audience of 4 personas and prints the insights stored for it', async () => {
    const user = await shell();
    const email = newEmail();
    await writeFile(
      path.join(user.cwd, 'product.json'),
      JSON.stringify({
        name: 'City sneaker',
        description: 'A leather sneaker for the office.',
        price: 89.5,
        category: 'Footwear',
        keyFeatures: ['leather'],
      }),
    );

    const run = await user.run([
      'research',
      '--register',
      '--email',
      email,
      '--password',
      PASSWORD,
      '--name',
      'Trail shoe',
      '--description',
      'A light trail running shoe with a grippy sole.',
      '--price',
      '129.00',
      '--currency',
      'eur',
      '--category',
      'Footwear',
      '--feature',
      'Vibram sole',
      '--feature',
      'recycled upper',
      '--product-file',
      'product.json',
      '--personas',
      '4',
      '--gender',
      'FEMALE',
      '--age-range',
      '18-25',
      '--age-range',
      '26-35',
    ]);

    expect(run.code, run.stderr).toBe(0);
    const sessionId = sessionIdOf(run.stderr);
    const stored = await platform.prisma.feedbackSession.findUniqueOrThrow({
      where: { id: sessionId },
      include: { results: { include: { persona: true } } },
    });
    expect(stored.status).toBe('COMPLETED');
    expect(stored.results).toHaveLength(8);
    expect(new Set(stored.results.map((r) => r.personaId)).size).toBe(4);
    expect(stored.results.every((r) => r.persona.gender === 'FEMALE')).toBe(true);
    const products = await platform.prisma.product.findMany({ where: { ownerId: stored.ownerId }, orderBy: { name: 'asc' } });
    expect(products.map((p) => [p.name, p.currency])).toEqual([
      ['City sneaker', 'USD'],
      ['Trail shoe', 'EUR'],
    ]);

    const insights = stored.insights as SessionInsights;
    expect(insights.products.map((p) => p.productName)).toEqual(['Trail shoe', 'City sneaker']);
    const tableRow = (label: string) => run.stdout.split('\n').find((line) => line.startsWith(label)) ?? '';
    expect(tableRow('Average intent (1–10)')).toMatch(
      new RegExp(`${insights.products.map((p) => formatAverage(p.averagePurchaseIntent)).join('\\s+')}$`),
    );
    expect(tableRow('Likely buyers (intent ≥ 7)')).toContain(formatLikelyBuyers(insights.products[1]!));
    // Every figure of the table comes with the interval the service stored for it.
    const row = (label: string, cell: (p: (typeof insights.products)[number]) => string) =>
      expect(tableRow(label)).toMatch(new RegExp(`${insights.products.map(cell).join('\\s+')}$`));
    const intervalRows = run.stdout.split('\n').filter((line) => line.startsWith('  95 % interval'));
    expect(intervalRows).toHaveLength(4);
    const intervalCells = (line: string, cell: (p: (typeof insights.products)[number]) => string) =>
      expect(line).toMatch(new RegExp(`${insights.products.map(cell).join('\\s+')}$`));
    intervalCells(intervalRows[0]!, (p) => formatBounds(p.intervals.averagePurchaseIntent));
    intervalCells(intervalRows[1]!, (p) => formatBounds(p.intervals.likelyBuyerShare, 'percent'));
    intervalCells(intervalRows[2]!, (p) => formatBounds(p.intervals.ssrExpectedRating));
    intervalCells(intervalRows[3]!, (p) => formatBounds(p.intervals.ssrTopTwoBox, 'percent'));
    row('SSR expected rating (1–5)', (p) => formatNumber(p.ssr?.expectedRating));
    row('SSR top-2-box (4 or 5)', (p) => formatPercent(p.ssr?.topTwoBox));
    row('SD of intent', (p) => formatNumber(p.spread?.sd));
    row('Entropy of intent (bits)', (p) => formatNumber(p.spread?.entropyBits));
    expect(insights.products.every((p) => p.ssr !== null && p.intervals.averagePurchaseIntent !== null)).toBe(true);
    for (const product of insights.products) {
      const section = sectionOf(run.stdout, product.productName);
      const histogram = section.filter((line) => /^\s+\d+ │/.test(line));
      expect(histogram.map((line) => Number(line.trim().split(/\s+/).at(-1)))).toEqual(product.intentDistribution);
      expect(section).toContain(`SSR purchase likelihood (mean distribution of ${product.ssr!.n} rated answers)`);
      // Four answers a product: the small-sample warning, in plain words, and the segments.
      expect(product.warnings.map((w) => w.code)).toContain('SMALL_SAMPLE');
      expect(section.filter((line) => line.startsWith('  ! '))).toEqual(warningLines(product).map((w) => `  ! ${w}`));
      for (const line of segmentTable(product.segments)) expect(section).toContain(`  ${line}`);
      expect(section.filter((line) => line.startsWith('  - '))).toEqual(
        product.keyThemes.map((t) => `  - ${t.theme} (${t.mentions} ${t.mentions === 1 ? 'mention' : 'mentions'})`),
      );
    }
    // The two products compared persona by persona, as the service stored the comparison.
    expect(insights.comparisons).toHaveLength(1);
    expect(insights.comparisons[0]!.pairs).toBe(4);
    const comparisons = comparisonLines(insights.comparisons);
    const start = run.stdout.split('\n').indexOf('── Paired comparisons ──');
    expect(run.stdout.split('\n').slice(start, start + comparisons.length)).toEqual(comparisons);
    expect(insights.simulated).toBe(true);
    expect(run.stdout).toContain('Note: the answers were simulated by the offline AI provider');
    // The estimate came first; the offline provider's calls are free, so nothing was asked.
    expect(run.stderr).toContain('Estimate (before starting):');
    expect(run.stdout).toMatch(/^Cost: \d+ model calls, 0 input and 0 output tokens, \$0\.00$/m);

    const report = path.join('persona-lab-results', `${sessionId}.md`);
    const csv = path.join('persona-lab-results', `${sessionId}.csv`);
    expect(run.stdout).toContain(`Report: ${report}`);
    expect(run.stdout).toContain(`CSV:    ${csv}`);
    expect(await readFile(path.join(user.cwd, report), 'utf8')).toMatch(new RegExp(`^# Feedback session ${sessionId}\n`));
    const rows = (await readFile(path.join(user.cwd, csv), 'utf8')).split('\n').filter((line) => line.startsWith(`${sessionId},`));
    expect(rows).toHaveLength(8);
  });

  test('caches the token in a 0600 file and studies existing products with existing personas without signing in again', async () => {
    const email = newEmail();
    const user = await signUp(email);
    expect((await stat(user.tokenFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(user.tokenFile, 'utf8'))).toMatchObject({
      email,
      userId: user.userId,
      authUrl: platform.cliEnv.AUTH_API_URL,
    });
    const product = await platform.prisma.product.create({
      data: {
        ownerId: user.userId,
        name: 'Desk lamp',
        description: 'A warm LED lamp.',
        price: '49.00',
        category: 'Home',
        keyFeatures: ['dimmable'],
      },
    });
    const personas = await createPersonas(user.userId, 2);

    const run = await user.run([
      'research',
      '--product-id',
      product.id,
      ...personas.flatMap((p) => ['--persona-id', p.id]),
      '--out-dir',
      'out',
      '--language',
      'de',
    ]);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Using the saved sign-in of ${email}`);
    expect(run.stderr).toContain(`Using product "Desk lamp" (${product.id})`);
    const sessionId = sessionIdOf(run.stderr);
    const stored = await platform.prisma.feedbackSession.findUniqueOrThrow({ where: { id: sessionId }, include: { results: true } });
    expect(stored).toMatchObject({ status: 'COMPLETED', language: 'de', ownerId: user.userId });
    expect(stored.results.map((r) => r.personaId).sort()).toEqual(personas.map((p) => p.id).sort());
    await expect(stat(path.join(user.cwd, 'out', `${sessionId}.csv`))).resolves.toBeTruthy();
  });

  test('shows a finished session and lists the products', async () => {
    const user = await signUp(newEmail());
    const product = await platform.prisma.product.create({
      data: { ownerId: user.userId, name: 'Kettle', description: 'A quiet kettle.', price: '35.00', category: 'Kitchen', keyFeatures: [] },
    });
    const [persona] = await createPersonas(user.userId, 1);
    const research = await user.run(['research', '--product-id', product.id, '--persona-id', persona!.id]);
    expect(research.code, research.stderr).toBe(0);
    const sessionId = sessionIdOf(research.stderr);

    const show = await user.run(['sessions', 'show', sessionId]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`Session ${sessionId}: COMPLETED`);
    expect(show.stdout).toContain('── Kettle ──');

    const list = await user.run(['products', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${product.id}\\s+Kettle\\s+35.00 USD\\s+Kitchen`));
    expect(list.stdout).toContain('page 1 of 1 (1 products)');
  });

  test('replays a finished session: a new session with the same panel, seed and answers', async () => {
    const user = await signUp(newEmail());
    const product = await platform.prisma.product.create({
      data: { ownerId: user.userId, name: 'Blender', description: 'A loud blender.', price: '49.00', category: 'Kitchen', keyFeatures: [] },
    });
    const personas = await createPersonas(user.userId, 2);
    const research = await user.run(['research', '--product-id', product.id, ...personas.flatMap((p) => ['--persona-id', p.id])]);
    expect(research.code, research.stderr).toBe(0);
    const originalId = sessionIdOf(research.stderr);

    const replay = await user.run(['sessions', 'replay', originalId]);

    expect(replay.code, replay.stderr).toBe(0);
    const replayId = sessionIdOf(replay.stderr);
    expect(replayId).not.toBe(originalId);
    const [original, replayed] = await Promise.all(
      [originalId, replayId].map((id) =>
        platform.prisma.feedbackSession.findUniqueOrThrow({ where: { id }, include: { results: { orderBy: { personaId: 'asc' } } } }),
      ),
    );
    expect(replayed).toMatchObject({ status: 'COMPLETED', replayOfId: originalId, seed: original!.seed, language: original!.language });
    const answers = (session: typeof original) => session!.results.map((r) => [r.personaId, r.purchaseIntent, r.feedback]);
    expect(answers(replayed)).toEqual(answers(original));
    expect(replay.stdout).toContain(`Session ${replayId}: COMPLETED`);
    expect(replay.stdout).toContain(`Seed: ${original!.seed} (a replay of ${originalId})`);
    expect(replay.stdout).toContain('── Blender ──');

    const refused = await user.run(['sessions', 'replay', randomUUID()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: NOT_FOUND: /);
  });

  test('exits 3 when the session it follows is cancelled', async () => {
    const user = await signUp(newEmail());
    const product = await platform.prisma.product.create({
      data: {
        ownerId: user.userId,
        name: 'Toaster',
        description: 'A two-slot toaster.',
        price: '25.00',
        category: 'Kitchen',
        keyFeatures: [],
      },
    });
    // A persona still being generated (and never announced) keeps the session running until it is cancelled.
    const persona = await platform.prisma.persona.create({ data: { ownerId: user.userId, status: 'GENERATING', interests: [] } });
    const research = user.run(['research', '--product-id', product.id, '--persona-id', persona.id]);
    const session = await waitFor('the session to start', () =>
      platform.prisma.feedbackSession.findFirst({ where: { ownerId: user.userId, status: 'IN_PROGRESS' } }).then((s) => s ?? undefined),
    );

    const cancel = await user.run(['sessions', 'cancel', session.id]);

    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain(`Session ${session.id}: CANCELLED`);
    const run = await research;
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`error: Session ${session.id} ended CANCELLED (0 of 1 answers completed)`);
    expect(run.stderr).toMatch(/\[░+\]\s+0% 0\/1 answered/);
  });

  test('shows a refusal as code and detail with exit code 1', async () => {
    const user = await signUp(newEmail());
    const run = await user.run(['research', '--product-id', randomUUID(), '--personas', '2']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: NOT_FOUND: .*not found/i);
  });
});

describe('signing in', () => {
  test('drops a rejected cached token and signs in again once', async () => {
    const email = newEmail();
    const user = await signUp(email);
    const cached = JSON.parse(await readFile(user.tokenFile, 'utf8')) as { accessToken: string };
    await writeFile(user.tokenFile, JSON.stringify({ ...cached, accessToken: 'not-a-valid-token' }));

    const run = await user.run(['products', 'list', '--email', email, '--password', PASSWORD]);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('product-api rejected the saved sign-in; signing in again');
    const saved = JSON.parse(await readFile(user.tokenFile, 'utf8')) as { accessToken: string };
    expect(saved.accessToken).not.toBe('not-a-valid-token');
  });

  test('says how to sign in when the cached token is rejected and no credentials are given', async () => {
    const user = await signUp(newEmail());
    const cached = JSON.parse(await readFile(user.tokenFile, 'utf8')) as object;
    await writeFile(user.tokenFile, JSON.stringify({ ...cached, accessToken: 'not-a-valid-token' }));

    const run = await user.run(['products', 'list']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: product-api rejected the saved sign-in (it may have expired): give --email and --password');
    await expect(stat(user.tokenFile)).rejects.toThrow(/ENOENT/);
  });

  test('signs in again when the cached token has expired', async () => {
    const email = newEmail();
    const user = await signUp(email);
    const cached = JSON.parse(await readFile(user.tokenFile, 'utf8')) as object;
    await writeFile(user.tokenFile, JSON.stringify({ ...cached, expiresAt: new Date(Date.now() - 1000).toISOString() }));

    const run = await user.run(['products', 'list', '--email', email, '--password', PASSWORD]);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Signed in as ${email}`);
  });

  test('signs in with --register when the account already exists', async () => {
    const email = newEmail();
    await signUp(email);
    const run = await (await shell()).run(['login', '--register', '--email', email, '--password', PASSWORD]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Signed in as ${email} (the account already existed)`);
    expect(await platform.prisma.user.count({ where: { email } })).toBe(1);
  });

  test('logout revokes the saved token at the auth-api, so a copy of it is refused everywhere', async () => {
    const email = newEmail();
    const user = await signUp(email);
    const { accessToken } = JSON.parse(await readFile(user.tokenFile, 'utf8')) as { accessToken: string };
    const listWith = (token: string) =>
      fetch(`${platform.cliEnv.PRODUCT_API_URL}/products`, { headers: { authorization: `Bearer ${token}` } });
    expect((await listWith(accessToken)).status).toBe(200);

    const run = await user.run(['logout']);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Signed out: the token of ${email} is revoked`);
    await expect(readFile(user.tokenFile, 'utf8')).rejects.toThrow(/ENOENT/);
    const refused = await listWith(accessToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const again = await user.run(['logout']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Not signed in (no saved token');
  });

  test('logout still forgets the token when the auth-api is down, and says until when it stays valid', async () => {
    const user = await signUp(newEmail());
    const authApi = await startServiceProcess('auth-api', platform.serviceEnv);
    await authApi.stop();
    const cached = JSON.parse(await readFile(user.tokenFile, 'utf8')) as object;
    await writeFile(user.tokenFile, JSON.stringify({ ...cached, authUrl: authApi.url }));

    const run = await user.run(['logout']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/but the token could not be revoked \(auth-api is not reachable at .*\); it stays valid until \d{4}-/);
    await expect(readFile(user.tokenFile, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  test('shows a wrong password as the auth-api says it, with exit code 1', async () => {
    const email = newEmail();
    await signUp(email);
    const run = await (await shell()).run(['login', '--email', email, '--password', 'wrong password']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: INVALID_CREDENTIALS: The email or password is wrong');
  });
});

test('says which service is down and how to start the platform, with exit code 2', async () => {
  const email = newEmail();
  await signUp(email);
  const productApi = await startServiceProcess('product-api', platform.serviceEnv);
  await productApi.stop();
  const user = await shell({ PRODUCT_API_URL: productApi.url });

  const run = await user.run(['products', 'list', '--email', email, '--password', PASSWORD]);

  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    `error: product-api is not reachable at ${productApi.url} — is the platform running? Start it with \`bash scripts/start.sh\``,
  );
});
