import { GeneratedFeedback, GeneratedPersonaList } from '@persona-lab/contracts';
import { describe, expect, it } from 'vitest';

import { parseRetryAfter, providerStatusError } from '../src/domain/ai-error.js';
import { acceptAnswer, answerFormat, extractJsonText } from '../src/domain/answer.js';
import { backoffCeiling, backoffDelay } from '../src/domain/backoff.js';

const feedback = answerFormat(GeneratedFeedback, 'object');
const personas = answerFormat(GeneratedPersonaList, 'array');

describe('extracting JSON from an answer', () => {
  it('takes the content of a markdown fence', () => {
    expect(extractJsonText('```json\n{"a": 1}\n```')).toEqual({ ok: true, value: '{"a": 1}' });
  });

  it('drops chatter before and after the JSON', () => {
    expect(extractJsonText('Here you go: [1, [2]] Hope it helps!')).toEqual({ ok: true, value: '[1, [2]]' });
  });

  it('ignores brackets inside strings', () => {
    expect(extractJsonText('{"a": "}{]["} trailing')).toEqual({ ok: true, value: '{"a": "}{]["}' });
  });

  it('says when the JSON is cut off or missing', () => {
    expect(extractJsonText('[{"a": 1}')).toMatchObject({ ok: false, reason: expect.stringContaining('incomplete') });
    expect(extractJsonText('no json here')).toMatchObject({ ok: false, reason: expect.stringContaining('no JSON') });
    expect(extractJsonText('  ')).toMatchObject({ ok: false, reason: 'the answer was empty' });
  });
});

describe('accepting an answer', () => {
  it('coerces a numeric string and drops unknown fields', () => {
    const result = acceptAnswer(
      '{"feedback": "ok", "purchase_intent": "7", "key_concerns": [], "purchase_statement": "Likely.", "mood": "happy"}',
      feedback,
    );
    expect(result).toEqual({ ok: true, value: { feedback: 'ok', purchase_intent: 7, key_concerns: [], purchase_statement: 'Likely.' } });
  });

  it('rejects a purchase intent outside 1–10, naming the field', () => {
    const result = acceptAnswer('{"feedback": "ok", "purchase_intent": 11, "key_concerns": []}', feedback);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('/purchase_intent') });
  });

  it('unwraps a list the model put inside an object', () => {
    const result = acceptAnswer('{"personas": [{"name": "A", "detailed_bio": "b", "product_attitudes": "c"}]}', personas);
    expect(result).toMatchObject({ ok: true, value: [{ name: 'A' }] });
  });

  it('unwraps a single object the model put inside a list', () => {
    const result = acceptAnswer('[{"feedback": "ok", "purchase_intent": 3, "key_concerns": ["x"], "purchase_statement": "No."}]', feedback);
    expect(result).toMatchObject({ ok: true, value: { purchase_intent: 3 } });
  });

  it('rejects the wrong kind of JSON', () => {
    expect(acceptAnswer('{"a": 1}', personas)).toMatchObject({ ok: false, reason: 'expected a JSON array, got an object' });
    expect(acceptAnswer('[1, 2]', feedback)).toMatchObject({ ok: false, reason: 'expected a JSON object, got an array' });
  });
});

describe('backoff', () => {
  it('doubles from the base and caps: 1 s, 2 s, 4 s, 8 s, 8 s', () => {
    const policy = { baseMs: 1_000, maxMs: 8_000 };
    expect([1, 2, 3, 4, 5].map((retry) => backoffCeiling(retry, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('jitters between half the ceiling and the ceiling', () => {
    const policy = { baseMs: 1_000, maxMs: 8_000 };
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
    expect(backoffDelay(3, policy, () => 0.999_999)).toBe(4_000);
  });
});

describe('provider errors', () => {
  it('are retryable for 429, 502, 503 and 504 only', () => {
    expect([400, 401, 403, 404, 429, 500, 502, 503, 504].filter((status) => providerStatusError(status, undefined).retryable)).toEqual([
      429, 502, 503, 504,
    ]);
  });

  it('read Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
