// What the gateway logs about a model call: attempts, the model and usage of each answer, previews and
// the preset at debug, never the API key.
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

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** A logger at `level` that keeps every line it would write, as pino would, for the test to read. */
function capturingLogger(lines: LogLine[], level = 'trace', bindings: Record<string, unknown> = {}): FastifyBaseLogger {
  const write = (lineLevel: string) => (fields: unknown, message?: string) => {
    if (LEVELS.indexOf(lineLevel) < LEVELS.indexOf(level)) return;
    const object = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {};
    lines.push({ level: lineLevel, fields: { ...bindings, ...object }, message: typeof fields === 'string' ? fields : (message ?? '') });
  };
  return {
    level,
    fatal: write('fatal'),
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    trace: write('trace'),
    silent: () => {},
    child: (more: Record<string, unknown>) => capturingLogger(lines, level, { ...bindings, ...more }),
  } as unknown as FastifyBaseLogger;
}

let fake: FakeLlmProvider;
/** The lines of one call with a retried request and a repaired answer, logged at trace and at info. */
const lines: LogLine[] = [];
const infoLines: LogLine[] = [];

async function callLoggingTo(logLines: LogLine[], level: string): Promise<void> {
  fake.enqueue({ status: 503 }, 'not json at all ' + 'x'.repeat(2_000), personasAnswer(3));
  const provider = createChatCompletionsProvider({
    name: 'openrouter',
    baseUrl: fake.baseUrl,
    apiKey: FAKE_API_KEY,
    model: 'test/model',
    presets: { personas: '@preset/create-persons' },
    timeoutMs: 2_000,
    maxConcurrency: 2,
    maxEmbeddingConcurrency: 2,
    embeddingEncoding: 'base64',
    maxAttempts: 3,
    backoff: { baseMs: 1, maxMs: 2 },
    retryAfterMaxMs: 1_000,
  });
  const operations = createOperations({ provider, backoff: { baseMs: 1, maxMs: 2 }, batchMaxAttempts: 5, maxAttempts: 3 });
  await operations.generatePersonas(PERSONAS_REQUEST, { log: capturingLogger(logLines, level) });
  await provider.close();
}

beforeAll(async () => {
  fake = await startFakeLlmProvider();
  await callLoggingTo(lines, 'trace');
  await callLoggingTo(infoLines, 'info');
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

  it('at info, give the model and usage of each answer, without previews', () => {
    const answers = infoLines.filter((line) => line.message === 'AI answer');
    expect(answers.map((line) => line.fields.attempt)).toEqual(['1/5', '2/5']);
    expect(answers[1]?.fields).toMatchObject({ model: 'test/model', usage: { promptTokens: expect.any(Number) } });
    expect(infoLines.some((line) => line.message === 'AI call')).toBe(false);
    expect(JSON.stringify(infoLines)).not.toMatch(/Preview/);
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
