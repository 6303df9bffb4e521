// The console in real headless Chromium against every service and the web app as real processes
// (offline AI provider): the main journey, a failed sign-in, another user's study, a cancelled study,
// and an accessibility scan of every page. Screenshots at 375 and 1440 px go to test-output/.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';

import type { AuthToken, SessionInsights, StartFeedbackSessionResponse } from '@persona-lab/contracts';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

import { launchBrowser, screenshot, SCREENSHOT_DIR, seriousViolations } from './browser.js';
import { type Platform, startPlatform } from './platform.js';

const PASSWORD = 'correct horse battery';
let platform: Platform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  [platform, browser] = await Promise.all([startPlatform(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(contexts.map((context) => context.close()));
  await browser?.close();
  await platform?.close();
});

// A failing test leaves a picture of every page it had open.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  const pages = contexts.flatMap((c) => c.pages());
  await Promise.allSettled(pages.map((page, i) => page.screenshot({ path: `${SCREENSHOT_DIR}failure-${i}.png`, fullPage: true })));
});

const newEmail = () => `${randomUUID().slice(0, 8)}@example.com`;

/** A fresh browser profile (no cookies) on the web app; every console error is collected. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: platform.webUrl, acceptDownloads: true, viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** An account made through the front door as an API client would (its bearer token works there too). */
async function registerThroughApi(email: string): Promise<AuthToken> {
  const response = await fetch(`${platform.webUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as AuthToken;
}

async function signInInBrowser(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function expectAccessible(page: Page, what: string) {
  expect(await seriousViolations(page), `axe on ${what}`).toEqual([]);
}

async function createProduct(
  page: Page,
  product: { name: string; description: string; price: string; category: string; features: string[] },
) {
  await page.getByRole('link', { name: 'Products' }).click();
  await page.getByRole('link', { name: 'New product' }).first().click();
  await page.getByLabel('Name').fill(product.name);
  await page.getByLabel('Description').fill(product.description);
  await page.getByLabel('Price').fill(product.price);
  await page.getByLabel('Category').fill(product.category);
  await page.getByLabel('Key features').fill(product.features.join('\n'));
  await page.getByRole('button', { name: 'Create product' }).click();
  await page.getByRole('rowheader', { name: new RegExp(product.name) }).waitFor();
}

/** On a finished study's results: asks a single-choice question and checks its distribution against the stored answers. */
async function askChoiceQuestion(page: Page, studyId: string) {
  const options = ['Online', 'In a shop'];
  await page.getByRole('heading', { name: 'Ask the panel' }).scrollIntoViewIfNeeded();
  await page.getByText('No question asked yet').waitFor();
  await page.getByLabel('Question').fill('Where would you buy it?');
  await page.getByRole('radio', { name: 'Single choice' }).check();
  await page.getByLabel('Options').fill(options.join('\n'));
  await expectAccessible(page, 'ask the panel (form)');
  await page.getByRole('button', { name: 'Ask the panel' }).click();

  const table = page.getByRole('table', { name: 'Answers to “Where would you buy it?”' });
  await table.waitFor({ timeout: 60_000 });
  const question = await platform.prisma.panelQuestion.findFirstOrThrow({ where: { sessionId: studyId }, include: { answers: true } });
  expect(question.status).toBe('COMPLETED');
  const completed = question.answers.filter((a) => a.status === 'COMPLETED');
  expect(completed.length).toBeGreaterThan(0);
  for (const option of options) {
    const count = completed.filter((a) => a.choice === option).length;
    const share = Math.round((count / completed.length) * 1000) / 10;
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: option, exact: true }) });
    await expect
      .poll(() => row.getByRole('cell').allTextContents())
      .toEqual([String(count), `${share}\u00a0%`, expect.stringMatching(/^\d+–\d+\u00a0%$/)]);
  }
  await page.locator('.question-insights .recharts-bar-rectangle').first().waitFor();
  await expect.poll(() => page.getByRole('link', { name: /^Interview / }).count()).toBe(question.answers.length);
  await expectAccessible(page, 'ask the panel (answers)');
  await screenshot(page, 'ask-panel', 375);
  await screenshot(page, 'ask-panel', 1440);
}

/** From a question's answer, opens an interview with its persona and exchanges two turns. */
async function interviewTwoTurns(page: Page, studyId: string) {
  const link = page.getByRole('link', { name: /^Interview / }).first();
  const name = (await link.getAttribute('aria-label'))!.replace(/^Interview /, '');
  await link.click();
  await page.getByRole('heading', { name: `Interview with ${name}` }).waitFor();
  await page.getByText('No messages yet').waitFor();
  await page.getByText(/remembers the last 20 turns/).waitFor();
  await expectAccessible(page, 'interview (empty)');

  const conversation = page.getByRole('list', { name: 'Conversation' });
  for (const [i, message] of ['Why did you choose that?', 'What would change your mind?'].entries()) {
    await page.getByLabel('Your message').fill(message);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => conversation.getByRole('listitem').count(), { timeout: 30_000 }).toBe((i + 1) * 2);
    await expect.poll(() => page.getByLabel('Your message').inputValue()).toBe('');
  }
  const personaId = new URL(page.url()).pathname.split('/').at(-1)!;
  const stored = await platform.prisma.interviewTurn.findMany({ where: { sessionId: studyId, personaId }, orderBy: { createdAt: 'asc' } });
  expect(stored.map((t) => t.role)).toEqual(['RESEARCHER', 'PERSONA', 'RESEARCHER', 'PERSONA']);
  expect(await conversation.locator('.turn-text').allTextContents()).toEqual(stored.map((t) => t.text));
  await page.getByText('2 exchanges so far').waitFor();
  await expectAccessible(page, 'interview');
  await screenshot(page, 'interview', 375);
  await screenshot(page, 'interview', 1440, { readme: true });
  await page.getByRole('link', { name: 'Back to the study' }).click();
  await page.getByRole('heading', { name: 'Ask the panel' }).waitFor();
}

/** On a finished study's results: replays it and checks the replay asked the same panel and got the same answers. */
async function replayStudy(page: Page, studyId: string): Promise<void> {
  const original = await platform.prisma.feedbackSession.findUniqueOrThrow({ where: { id: studyId } });
  await page.getByText(`seed ${original.seed}`, { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Replay this study' }).click();
  await page.waitForURL((url) => /\/studies\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(studyId));
  const replayId = page.url().split('/').at(-1)!;
  await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'a replay of an earlier study' }).waitFor();
  await expectAccessible(page, 'replay');
  await screenshot(page, 'replay', 1440);

  const replay = await platform.prisma.feedbackSession.findUniqueOrThrow({ where: { id: replayId } });
  expect(replay.status).toBe('COMPLETED');
  expect(replay.replayOfId).toBe(studyId);
  expect(replay.seed).toBe(original.seed);
  // The offline provider answers the same seed, persona and product the same way.
  const answers = async (sessionId: string) =>
    Object.fromEntries(
      (await platform.prisma.feedbackResult.findMany({ where: { sessionId } })).map((r) => [
        `${r.personaId}/${r.productId}`,
        { status: r.status, purchaseIntent: r.purchaseIntent, feedback: r.feedback },
      ]),
    );
  const before = await answers(studyId);
  expect(Object.keys(before)).toHaveLength(8);
  expect(await answers(replayId)).toEqual(before);

  await page.getByRole('link', { name: 'a replay of an earlier study' }).click();
  await page.waitForURL((url) => url.pathname.endsWith(studyId));
  await page.getByRole('heading', { name: 'Ask the panel' }).waitFor();
}

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus; fails when it never gets it. */
async function tabTo(page: Page, target: Locator, { max = 80, back = false } = {}) {
  for (let presses = 0; presses < max; presses += 1) {
    if (await target.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

describe('the console', () => {
  test('signs up, creates two products, runs an audience study live to its results, opens an answer and exports CSV', async () => {
    const { page, errors } = await openPage();
    const email = newEmail();

    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await expectAccessible(page, 'sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await expectAccessible(page, 'sign-up');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Studies' }).waitFor();
    await page.getByText('No studies yet').waitFor();
    await expectAccessible(page, 'studies (empty)');

    await createProduct(page, {
      name: 'Trail shoe',
      description: 'A light trail running shoe with a grippy sole.',
      price: '129.00',
      category: 'Footwear',
      features: ['Vibram sole', 'recycled upper'],
    });
    await createProduct(page, {
      name: 'City sneaker',
      description: 'A leather sneaker for the office.',
      price: '89.50',
      category: 'Footwear',
      features: ['leather'],
    });
    await expectAccessible(page, 'products');
    await screenshot(page, 'products', 375);
    await screenshot(page, 'products', 1440);

    await page.getByRole('link', { name: 'Studies' }).click();
    await page.getByRole('link', { name: 'New study' }).first().click();
    await page.getByRole('checkbox', { name: /Trail shoe/ }).check();
    await page.getByRole('checkbox', { name: /City sneaker/ }).check();
    await page.getByLabel('Panel size').fill('4');
    // 4 personas to generate, 2 × 4 reviews, a theme call per product and one overall.
    await expect.poll(() => page.getByTestId('planned-calls').textContent()).toBe('15');
    // The feedback-service's estimate of the same body, once the form has settled.
    await expect
      .poll(() => page.getByTestId('estimated-cost').textContent(), { timeout: 15_000 })
      .toMatch(/^(\$[\d.]+(–\$[\d.]+)?|unknown)$/);
    await expectAccessible(page, 'new study');
    await screenshot(page, 'study-form', 375);
    await screenshot(page, 'study-form', 1440, { readme: true });
    await page.getByRole('button', { name: 'Start study' }).click();

    await page.waitForURL(/\/studies\/[0-9a-f-]{36}$/);
    const studyId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 60_000 });

    const stored = await platform.prisma.feedbackSession.findUniqueOrThrow({ where: { id: studyId } });
    expect(stored.status).toBe('COMPLETED');
    const insights = stored.insights as SessionInsights;
    for (const product of insights.products) {
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: product.productName }) });
      await expect.poll(() => card.locator('.big').first().textContent()).toBe(product.averagePurchaseIntent!.toFixed(1));
    }
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByRole('heading', { name: 'Key themes' }).waitFor();
    await expectAccessible(page, 'results');
    await screenshot(page, 'results', 375);
    await screenshot(page, 'results', 1440, { readme: true });

    await page
      .getByRole('button', { name: /^Open the answer of/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Feedback' }).waitFor();
    await expectAccessible(page, 'answer detail');
    await screenshot(page, 'answer', 375, { fullPage: false }); // a modal: what the phone shows
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The answers come a page at a time from the API, filtered there.
    await page.getByText('1–8 of 8 answers').waitFor();
    await page.getByRole('combobox', { name: 'Lowest intent' }).selectOption('7');
    const likely = (await platform.prisma.feedbackResult.count({ where: { sessionId: studyId, purchaseIntent: { gte: 7 } } })) as number;
    await expect.poll(() => page.getByRole('button', { name: /^Open the answer of/ }).count()).toBe(likely);
    await page.getByText(likely === 0 ? 'No answer matches these filters' : `1–${likely} of ${likely} answers (8 in the study)`).waitFor();
    await page.getByRole('combobox', { name: 'Lowest intent' }).selectOption('');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`feedback-session-${studyId}.csv`);
    expect(csv.split('\n').filter((line) => line.startsWith(`${studyId},`))).toHaveLength(8);

    await askChoiceQuestion(page, studyId);
    await interviewTwoTurns(page, studyId);
    await replayStudy(page, studyId);

    await page.getByRole('link', { name: 'Personas' }).click();
    await page.getByText('4 personas · page 1 of 1').waitFor();
    // The filters are the API's: the gallery shows what persona-service counts for this user alone.
    const women = await platform.prisma.persona.count({ where: { owner: { email }, gender: 'FEMALE', deletedAt: null } });
    await page.getByLabel('Gender').selectOption('FEMALE');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText(women === 0 ? 'No persona matches these filters' : new RegExp(`^${women} personas? match`)).waitFor();
    await expectAccessible(page, 'personas');
    await screenshot(page, 'personas', 375);
    await screenshot(page, 'personas', 1440);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto('/studies');
    await page.waitForURL(/\/sign-in\?next=%2Fstudies/);
    expect(errors).toEqual([]);
  });

  test('edits a product and deletes it', async () => {
    const email = newEmail();
    await registerThroughApi(email);
    const { page, errors } = await openPage();
    await signInInBrowser(page, email);
    await page.getByRole('heading', { name: 'Studies' }).waitFor();
    await createProduct(page, {
      name: 'Desk lamp',
      description: 'A warm reading lamp.',
      price: '49.00',
      category: 'Home',
      features: ['dimmable'],
    });

    await page.getByRole('link', { name: 'Edit Desk lamp' }).click();
    await page.getByRole('heading', { name: 'Edit Desk lamp' }).waitFor();
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('Desk lamp');
    await page.getByLabel('Price').fill('12.345');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByLabel('Price').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Name').fill('Desk lamp mini');
    await page.getByLabel('Price').fill('39.90');
    await expectAccessible(page, 'edit product');
    await page.getByRole('button', { name: 'Save changes' }).click();

    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Desk lamp mini/ }) });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toMatch(/^39\.90 /);
    const stored = await platform.prisma.product.findFirstOrThrow({ where: { owner: { email } } });
    expect({ name: stored.name, price: stored.price.toFixed(2) }).toEqual({ name: 'Desk lamp mini', price: '39.90' });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete Desk lamp mini' }).click();
    await page.getByText('No products yet').waitFor();
    expect((await platform.prisma.product.findUniqueOrThrow({ where: { id: stored.id } })).deletedAt).toBeInstanceOf(Date);
    expect(errors).toEqual([]);
  });

  test('is used with the keyboard alone: sign in, a product, a study, its results, a question and an interview', async () => {
    const email = newEmail();
    await registerThroughApi(email);
    const { page, errors } = await openPage();

    await page.goto('/sign-in');
    await page.getByLabel('Email').waitFor();
    await tabTo(page, page.getByLabel('Email'));
    await page.keyboard.type(email);
    await tabTo(page, page.getByLabel('Password'));
    await page.keyboard.type(PASSWORD);
    await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Studies' }).waitFor();

    await tabTo(page, page.getByRole('link', { name: 'Products' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'New product' }).first());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New product' }).waitFor();
    for (const [label, text] of [
      ['Name', 'Travel mug'],
      ['Description', 'A leak-proof travel mug.'],
      ['Price', '24.00'],
      ['Category', 'Kitchen'],
    ] as const) {
      await tabTo(page, page.getByLabel(label, { exact: true }));
      await page.keyboard.type(text);
    }
    await tabTo(page, page.getByRole('button', { name: 'Create product' }));
    await page.keyboard.press('Enter');
    await page.getByRole('rowheader', { name: /Travel mug/ }).waitFor();

    await tabTo(page, page.getByRole('link', { name: 'Studies' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Studies' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'New study' }).first());
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('checkbox', { name: /Travel mug/ }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByLabel('Panel size'));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('2');
    await expect.poll(() => page.getByTestId('planned-calls').textContent()).toBe('5');
    await tabTo(page, page.getByRole('button', { name: 'Start study' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 60_000 });

    // An answer opens and closes from the keyboard, and the focus comes back to where it was.
    const open = page.getByRole('button', { name: /^Open the answer of/ }).first();
    await tabTo(page, open);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('heading', { name: 'Feedback' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await open.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);

    await tabTo(page, page.getByLabel('Question'));
    await page.keyboard.type('Would you give it as a present?');
    await tabTo(page, page.getByRole('radio', { name: 'Open text' }));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Single choice' }).isChecked()).toBe(true);
    await tabTo(page, page.getByLabel('Options'));
    await page.keyboard.type('Yes');
    await page.keyboard.press('Enter');
    await page.keyboard.type('No');
    await tabTo(page, page.getByRole('button', { name: 'Ask the panel' }));
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Answers to “Would you give it as a present?”' }).waitFor({ timeout: 60_000 });

    await tabTo(page, page.getByRole('link', { name: /^Interview / }).first());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Interview with / }).waitFor();
    await tabTo(page, page.getByLabel('Your message'));
    await page.keyboard.type('Who would you give it to?');
    await tabTo(page, page.getByRole('button', { name: 'Send' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('list', { name: 'Conversation' }).getByRole('listitem').count(), { timeout: 30_000 }).toBe(2);
    expect(errors).toEqual([]);
  });

  test('shows a wrong password as the auth-api says it and stays on sign-in, used with the keyboard alone', async () => {
    const email = newEmail();
    await registerThroughApi(email);
    const { page } = await openPage();

    // With the keyboard alone: Tab to the email field, type, Tab to the password, Enter.
    await page.goto('/sign-in');
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is wrong');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in-failed', 375);
  });

  test("answers another user's study URL with not found", async () => {
    const owner = await registerThroughApi(newEmail());
    const product = await platform.prisma.product.create({
      data: { ownerId: owner.userId, name: 'Kettle', description: 'A quiet kettle.', price: '35.00', category: 'Kitchen', keyFeatures: [] },
    });
    const session = await platform.prisma.feedbackSession.create({
      data: {
        ownerId: owner.userId,
        language: 'en',
        status: 'COMPLETED',
        totalResults: 0,
        products: { create: [{ productId: product.id, position: 0 }] },
      },
    });
    const other = newEmail();
    await registerThroughApi(other);
    const { page } = await openPage();
    await signInInBrowser(page, other);
    await page.getByRole('heading', { name: 'Studies' }).waitFor();

    await page.goto(`/studies/${session.id}`);

    await page.getByRole('heading', { name: 'Study not found' }).waitFor();
    await expectAccessible(page, 'study not found');
  });

  test('follows a running study live and cancels it midway', async () => {
    const email = newEmail();
    const token = await registerThroughApi(email);
    const product = await platform.prisma.product.create({
      data: {
        ownerId: token.userId,
        name: 'Toaster',
        description: 'A two-slot toaster.',
        price: '25.00',
        category: 'Kitchen',
        keyFeatures: [],
      },
    });
    // A persona still being generated (and never announced) keeps the session running until it is cancelled.
    const persona = await platform.prisma.persona.create({ data: { ownerId: token.userId, status: 'GENERATING', interests: [] } });
    const started = await fetch(`${platform.webUrl}/api/feedback-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ productIds: [product.id], personaIds: [persona.id], language: 'en' }),
    });
    expect(started.status).toBe(202);
    const { sessionId } = (await started.json()) as StartFeedbackSessionResponse;
    const { page } = await openPage();
    await signInInBrowser(page, email);
    await page.getByRole('heading', { name: 'Studies' }).waitFor();

    await page.goto(`/studies/${sessionId}`);
    const bar = page.getByRole('progressbar', { name: 'Answers received' });
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuetext')).toBe('0 of 1 answers (0 %)');
    await expectAccessible(page, 'study in progress');
    await screenshot(page, 'progress', 375);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel study' }).click();

    await page.getByText('This study ended cancelled').waitFor();
    const stored = await platform.prisma.feedbackSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(stored.status).toBe('CANCELLED');
  });
});
