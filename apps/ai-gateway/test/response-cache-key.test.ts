// The response cache's key and its rule for what may be cached, without a database.
import { describe, expect, it } from 'vitest';

import { chatKey, type ChatKeyParts, embeddingsKey, isCacheable } from '../src/domain/response-cache.js';

const PARTS: ChatKeyParts = {
  scope: 'https://api.example.com/v1',
  provider: 'openai-compatible',
  model: 'gpt-test',
  operation: 'feedback',
  messages: [
    { role: 'system', content: 'You are a persona.' },
    { role: 'user', content: 'What do you think of the boots?' },
  ],
  sampling: { temperature: 0.6, top_p: 0.9 },
  seed: 42,
};

describe('the cache key', () => {
  it('is a SHA-256 in hex that does not depend on the order of the fields', () => {
    const reordered = Object.fromEntries(Object.entries(PARTS).reverse()) as unknown as ChatKeyParts;
    expect(chatKey(PARTS)).toMatch(/^[0-9a-f]{64}$/);
    expect(chatKey(reordered)).toBe(chatKey(PARTS));
    expect(chatKey({ ...PARTS, sampling: { top_p: 0.9, temperature: 0.6 } })).toBe(chatKey(PARTS));
  });

  it('stays the key that entries already stored (and replays) were written under', () => {
    expect(chatKey(PARTS)).toBe('73e5175c5f89b46dd5600de249df40e3f3b2cf716918f3e9b40b8a185b224bb7');
    const texts = { scope: PARTS.scope, provider: PARTS.provider, model: PARTS.model, texts: ['a', 'b'] };
    expect(embeddingsKey(texts)).toBe('dd81f1dbb4409974e30e6dcc41389177fe9e0c776a19d222c4f49a99ad5bc299');
  });

  it('changes with every part that decides an answer', () => {
    const variants: ChatKeyParts[] = [
      { ...PARTS, scope: 'https://other.example.com/v1' },
      { ...PARTS, provider: 'openrouter' },
      { ...PARTS, model: 'gpt-other' },
      { ...PARTS, preset: '@preset/x' },
      { ...PARTS, operation: 'panel-answer' },
      { ...PARTS, messages: [PARTS.messages[0]!, { role: 'user', content: 'What do you think of the shoes?' }] },
      { ...PARTS, sampling: { temperature: 0.7, top_p: 0.9 } },
      { ...PARTS, sampling: { temperature: 0.6, top_p: 0.9, frequency_penalty: 0.2 } },
      { ...PARTS, seed: 43 },
      { ...PARTS, seed: undefined },
    ];
    const keys = new Set([chatKey(PARTS), ...variants.map(chatKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it('of an embeddings call follows its texts', () => {
    const texts = { scope: PARTS.scope, provider: PARTS.provider, model: PARTS.model, texts: ['a'] };
    expect(embeddingsKey(texts)).not.toBe(embeddingsKey({ ...texts, texts: ['b'] }));
    expect(embeddingsKey(texts)).toBe(embeddingsKey({ ...texts }));
  });
});

describe('what may be cached', () => {
  it('is a call with a seed, or one at temperature 0; never a fresh sample', () => {
    expect(isCacheable({ temperature: 0.6 }, 1)).toBe(true);
    expect(isCacheable({ temperature: 0.6 }, 0)).toBe(true);
    expect(isCacheable({ temperature: 0 }, undefined)).toBe(true);
    expect(isCacheable({ temperature: 0.6 }, undefined)).toBe(false);
  });
});
