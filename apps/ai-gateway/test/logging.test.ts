// What the gateway logs about a model call: attempts, previews and the preset, never the API key.
import { type FakeLlmProvider, startFakeLlmProvider } from '@persona-lab/testing';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createOperations } from '../src/domain/operations.js';
import { createChatCompletionsProvider } from '../src/providers/chat-completions.js';
import { FAKE_API_KEY, PERSONAS_REQUEST, personasAnswer } from './helper.js';

interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every line, as pino would write it, for the test to read. */
function capturingLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): FastifyBaseLogger {
  const write = (level: string) => (fields: unknown, message?: string) => {
    const object = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {};
    lines.push({ level, fields: { ...bindings, ...object }, message: typeof fields === 'string' ? fields : (message ?? '') });
  };
  return {
    level: 'trace',
    fatal: write('fatal'),
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    trace: write('trace'),
    silent: () => {},
    child: (more: Record<string, unknown>) => capturingLogger(lines, { ...bindings, ...more }),
  } as unknown as FastifyBaseLogger;
}

let fake: FakeLlmProvider;
const lines: LogLine[] = [];

beforeAll(async () => {
  fake = await startFakeLlmProvider();
  fake.enqueue({ status: 503 }, 'not json at all ' + 'x'.repeat(2_000), personasAnswer(3));
  const provider = createChatCompletionsProvider({
    name: 'openrouter',
    baseUrl: fake.baseUrl,
    apiKey: FAKE_API_KEY,
    model: 'test/model',
    presets: { personas: '@preset/create-persons' },
    timeoutMs: 2_000,
    maxConcurrency: 2,
    maxAttempts: 3,
    backoff: { baseMs: 1, maxMs: 2 },
    retryAfterMaxMs: 1_000,
  });
  const operations = createOperations({ provider, backoff: { baseMs: 1, maxMs: 2 }, batchMaxAttempts: 5, maxAttempts: 3 });
  await operations.generatePersonas(PERSONAS_REQUEST, { log: capturingLogger(lines) });
  await provider.close();
});
afterAll(() => fake.close());

describe('logs of a model call', () => {
  it('number each answer attempt and name the preset', () => {
    const calls = lines.filter((line) => line.message === 'AI call');
    expect(calls.map((line) => line.fields.attempt)).toEqual(['1/5', '2/5']);
    expect(calls[0]?.fields).toMatchObject({ preset: '@preset/create-persons', model: 'test/model', operation: 'personas' });
  });

  it('preview at most 500 characters of the prompt and 800 of the answer', () => {
    const call = lines.find((line) => line.message === 'AI call');
    expect(String(call?.fields.systemPreview)).toHaveLength(500);
    const answers = lines.filter((line) => line.message === 'AI answer');
    expect(String(answers[0]?.fields.answerPreview)).toHaveLength(800);
  });

  it('warn about the provider retry and the rejected answer', () => {
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings.some((line) => line.fields.status === 503 && line.fields.attempt === '1/3')).toBe(true);
    expect(warnings.some((line) => line.message === 'AI answer rejected')).toBe(true);
  });

  it('never contain the API key', () => {
    expect(JSON.stringify(lines)).not.toContain(FAKE_API_KEY);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${FAKE_API_KEY}`);
  });
});
