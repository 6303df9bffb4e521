// The feedback route's answer, byte for byte. Its response schema decides how it is written
// (fast-json-stringify compiles a serialiser from it), so reshaping the contract's unions for a
// cheaper serialiser must not change a byte of what callers receive. The bodies were recorded before.
import { AI_GATEWAY_ROUTES } from '@persona-lab/contracts';
import { packVector } from '@persona-lab/service-kit';
import { describe, expect, it } from 'vitest';

import { asFloat32, FEEDBACK_ANSWER, FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway } from './helper.js';

const PRICES = JSON.stringify({ 'test/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 2 } });
const USAGE = { prompt_tokens: 120, completion_tokens: 80, total_tokens: 200 };

const FEEDBACK_FIELDS =
  '"feedback":"Great boots for my hikes, but pricey.","purchase_intent":7,"key_concerns":["price"],' +
  '"purchase_statement":"There is a fair chance I get them for my hikes, though the price stings a little.",' +
  '"metadata":{"provider":"openrouter","model":"test/model","attempts":1,"simulated":false,' +
  '"usage":{"promptTokens":120,"completionTokens":80,"totalTokens":200},"costUsd":0.00028,"cached":false}';

describe('the feedback route’s serialised answer', () => {
  const gateway = useAiGateway({ env: { AI_MODEL_PRICES: PRICES } });
  const feedback = () =>
    gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.generateFeedback,
      headers: SERVICE_HEADERS,
      payload: { ...FEEDBACK_REQUEST, embedStatement: { timeoutMs: 5_000 } },
    });

  it('writes a feedback with its statement’s vector packed', async () => {
    gateway.fake.enqueue({ content: FEEDBACK_ANSWER, usage: USAGE });
    gateway.fake.enqueueEmbeddings({
      embeddings: [[0.6, -0.8, 1e-7, 3]],
      usage: { prompt_tokens: 21, total_tokens: 21 },
      model: 'vendor/e-1',
    });
    const res = await feedback();
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(
      `{${FEEDBACK_FIELDS},"statementEmbedding":{"packedVector":"${packVector(asFloat32([0.6, -0.8, 1e-7, 3]))}","metadata":{"provider":"openrouter",` +
        '"model":"vendor/e-1","attempts":1,"simulated":false,"usage":{"promptTokens":21,"completionTokens":0,"totalTokens":21},' +
        '"costUsd":null,"cached":false}}}',
    );
  });

  it('writes a feedback with its embedding’s failure exactly as before', async () => {
    gateway.fake.enqueue({ content: FEEDBACK_ANSWER, usage: USAGE });
    gateway.fake.enqueueEmbeddings({ status: 400, body: JSON.stringify({ error: { message: 'input refused' } }) });
    const res = await feedback();
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(
      `{${FEEDBACK_FIELDS},"statementEmbedding":{"failure":{"kind":"provider",` +
        '"message":"AI provider answered HTTP 400: the provider rejected the request"}}}',
    );
  });
});
