// The client package against the real gateway listening on 127.0.0.1, offline and over a fake provider.
import { type AiGatewayClient, AiGatewayError, createAiGatewayClient } from '@persona-lab/ai-gateway-client';
import type { App } from '@persona-lab/service-kit';
import { type FakeLlmProvider, rejectionOf, startFakeLlmProvider, TEST_SECRETS, testEnv } from '@persona-lab/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { FAKE_API_KEY, FEEDBACK_REQUEST, PERSONAS_REQUEST } from './helper.js';

async function listen(env: Record<string, string>): Promise<{ app: App; baseUrl: string }> {
  const app = await buildApp(readConfig(testEnv(env)));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, baseUrl: address };
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, AiGatewayError);

let offline: { app: App; baseUrl: string };
let overFake: { app: App; baseUrl: string };
let fake: FakeLlmProvider;
let client: AiGatewayClient;
let fakeClient: AiGatewayClient;

beforeAll(async () => {
  fake = await startFakeLlmProvider();
  offline = await listen({ AI_PROVIDER: 'offline' });
  overFake = await listen({
    AI_PROVIDER: 'openai-compatible',
    AI_COMPATIBLE_BASE_URL: fake.baseUrl,
    AI_COMPATIBLE_API_KEY: FAKE_API_KEY,
    AI_RETRY_BASE_MS: '5',
    AI_RETRY_MAX_MS: '10',
  });
  client = createAiGatewayClient({ baseUrl: offline.baseUrl, serviceToken: TEST_SECRETS.SERVICE_TOKEN, timeoutMs: 10_000 });
  fakeClient = createAiGatewayClient({ baseUrl: overFake.baseUrl, serviceToken: TEST_SECRETS.SERVICE_TOKEN, timeoutMs: 10_000 });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await offline?.app.close();
  await overFake?.app.close();
  await fake?.close();
});

describe('the ai-gateway client', () => {
  it('runs all five chat operations and returns answers that match the contracts', async () => {
    const personas = await client.generatePersonas(PERSONAS_REQUEST);
    expect(personas.personas).toHaveLength(3);
    expect(personas.metadata.simulated).toBe(true);

    const named = await client.generatePersonaWithName({ name: 'Olga', demographics: { country: 'RU', minAge: 30, maxAge: 40 } });
    expect(named.persona.name).toBe('Olga');

    const details = await client.generatePersonaDetails({ demographics: { minAge: 30, maxAge: 40 }, variantNumber: 2 });
    expect(details.persona.detailed_bio.length).toBeGreaterThan(0);

    const feedback = await client.generateFeedback({ ...FEEDBACK_REQUEST, language: 'fr' });
    expect(feedback.purchase_intent).toBeGreaterThanOrEqual(1);
    expect(feedback.purchase_intent).toBeLessThanOrEqual(10);

    const themes = await client.aggregateThemes({ concerns: feedback.key_concerns });
    expect(themes.themes.reduce((sum, theme) => sum + theme.mentions, 0)).toBe(feedback.key_concerns.length);
  });

  it('embeds texts, one vector each in their order', async () => {
    const texts = ['I would get it', 'Not for me'];
    const both = await client.embed(texts);
    const second = await client.embed([texts[1]!]);
    expect(both.embeddings).toHaveLength(2);
    expect(both.embeddings[1]).toEqual(second.embeddings[0]);
    expect(both.metadata.simulated).toBe(true);
  });

  it('embeds through the provider behind the gateway, and classifies its failures', async () => {
    fake.enqueueEmbeddings({ embeddings: [[0.6, 0.8]] }, { status: 401 });
    expect((await fakeClient.embed(['hello'])).embeddings).toEqual([[Math.fround(0.6), Math.fround(0.8)]]);
    expect(fake.requests[0]?.path).toBe('/v1/embeddings');
    const error = await failure(fakeClient.embed(['hello']));
    expect(error).toMatchObject({ status: 502, code: 'UPSTREAM_FAILED', retryable: false, kind: 'provider' });
  });

  it('passes the request id on, so the gateway answers under it', async () => {
    const wrongToken = createAiGatewayClient({ baseUrl: offline.baseUrl, serviceToken: 'not-the-service-token-at-all-000000' });
    const error = await failure(wrongToken.aggregateThemes({ concerns: ['price'] }, { requestId: 'req-client-42' }));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryable: false, requestId: 'req-client-42' });
  });

  it('turns a rejected request into a non-retryable validation error', async () => {
    const error = await failure(client.generatePersonas({ ...PERSONAS_REQUEST, count: 0 }));
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', retryable: false });
  });

  it('reports a provider that keeps failing as retryable, with its kind', async () => {
    fake.setFallback({ status: 503 });
    const error = await failure(fakeClient.generateFeedback(FEEDBACK_REQUEST));
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryable: true, kind: 'provider' });
    expect(fake.requests).toHaveLength(3);
  });

  it('reports rejected provider credentials as not retryable', async () => {
    fake.enqueue({ status: 401 });
    const error = await failure(fakeClient.generateFeedback(FEEDBACK_REQUEST));
    expect(error).toMatchObject({ status: 502, code: 'UPSTREAM_FAILED', retryable: false, kind: 'provider' });
    expect(error.message).toContain('rejected the credentials');
  });

  it('gives up on a slow gateway after its own timeout, as retryable', async () => {
    fake.enqueue({ delayMs: 2_000, content: '{}' });
    const impatient = createAiGatewayClient({ baseUrl: overFake.baseUrl, serviceToken: TEST_SECRETS.SERVICE_TOKEN, timeoutMs: 200 });
    const error = await failure(impatient.generateFeedback(FEEDBACK_REQUEST));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });
});
