// How validate builds its panel against a persona-service that fails: a fake persona-service (a
// real HTTP server) answers the generations; the sign-in comes from a cached token.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Persona, PersonaGenerationResponse } from '@persona-lab/contracts';
import { type FakeService, problemBody, type ScriptedAnswer, startFakeService } from '@persona-lab/testing';
import { afterEach, expect, test } from 'vitest';

import { generatePanel } from '../src/commands/validate.js';
import { saveCachedToken, SERVICES, tokenCachePath } from '../src/config.js';
import { createContext } from '../src/context.js';
import { ProblemError } from '../src/errors.js';
import type { Respondent } from '../src/validity/gazpacho-survey.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const respondent = (id: number): Respondent => ({
  id,
  rating: 3,
  ageRange: '25-34',
  minAge: 25,
  maxAge: 34,
  genderIdentity: 'Female',
  politicalAffiliation: 'Democrat',
  ethnicity: 'White',
});

function generated(id: string): PersonaGenerationResponse {
  const persona: Persona = {
    id,
    status: 'ACTIVE',
    name: 'Ann',
    detailedBio: 'A nurse.',
    productAttitudes: 'Careful.',
    gender: 'FEMALE',
    ageGroup: '25-34',
    age: 30,
    race: null,
    country: 'US',
    region: null,
    incomeLevel: null,
    interests: [],
    values: [],
    traits: [],
    generationStrategy: 'prompt-builder',
    failureReason: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
  };
  return {
    strategy: 'prompt-builder',
    personas: [persona],
    failures: [],
    diversity: { personas: 1, distinctNames: 1, meanBioSimilarity: 0 },
  };
}

/** A command context whose persona-service is the fake, signed in by a cached token. */
async function contextWith(script: ScriptedAnswer[]): Promise<{ fake: FakeService; ctx: ReturnType<typeof createContext> }> {
  const fake = await startFakeService(script);
  const dir = await mkdtemp(path.join(tmpdir(), 'persona-lab-panel-'));
  cleanups.push(
    () => fake.close(),
    () => rm(dir, { recursive: true, force: true }),
  );
  const env = { XDG_CONFIG_HOME: dir, PERSONA_SERVICE_URL: fake.baseUrl };
  await saveCachedToken(tokenCachePath(env), {
    authUrl: SERVICES.auth.defaultUrl,
    email: 'ann@example.com',
    userId: '6f1c2a54-3333-4333-8333-333333333333',
    accessToken: 'token',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir };
  return { fake, ctx: createContext(io, {}) };
}

test('asks once more after a 502, then reports the respondent without a persona and goes on', async () => {
  const upstream = { status: 502, body: problemBody(502, 'UPSTREAM_FAILED', 'The model gave nothing usable') };
  const { fake, ctx } = await contextWith([upstream, upstream, { status: 201, body: generated('6f1c2a54-2222-4222-8222-000000000002') }]);

  const panel = await generatePanel(ctx, [respondent(1), respondent(2)], 1);

  expect(panel.failures).toEqual([{ respondent: 1, reason: 'UPSTREAM_FAILED: The model gave nothing usable' }]);
  expect([...panel.respondentOf]).toEqual([['6f1c2a54-2222-4222-8222-000000000002', respondent(2)]]);
  expect(fake.received.map((r) => r.url)).toEqual(['/personas/generate', '/personas/generate', '/personas/generate']);
  expect(fake.received[2]!.body).toMatchObject({ count: 1, demographics: { gender: 'FEMALE', country: 'US', minAge: 25, maxAge: 34 } });
});

test('stops at a refusal that is not a model failure, without starting another generation', async () => {
  const { fake, ctx } = await contextWith([
    { status: 429, body: problemBody(429, 'QUOTA_EXCEEDED', 'The daily budget of model calls is spent') },
  ]);

  const failure = await generatePanel(ctx, [respondent(1), respondent(2), respondent(3)], 1).catch((error: unknown) => error);

  expect(failure).toBeInstanceOf(ProblemError);
  expect((failure as ProblemError).message).toBe('QUOTA_EXCEEDED: The daily budget of model calls is spent');
  expect(fake.received).toHaveLength(1);
});
