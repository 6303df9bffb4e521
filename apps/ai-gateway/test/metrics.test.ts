// What /metrics says about AI operations: calls by outcome, provider requests, tokens and cost.
import { describe, expect, it } from 'vitest';

import { FEEDBACK_ANSWER, FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway } from './helper.js';

const gateway = useAiGateway();

/** The value of the sample of `name` that has every one of `labels` (in any order), or 0. */
function metric(text: string, name: string, labels: string): number {
  const wanted = labels.split(',');
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((label) => l.slice(0, l.lastIndexOf('}')).includes(label)));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('AI metrics', () => {
  it('counts calls by outcome, provider requests, tokens and cost per provider and operation', async () => {
    gateway.fake.enqueue(
      { content: 'not json at all', usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, cost: 0.001 } },
      { content: FEEDBACK_ANSWER, usage: { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160, cost: 0.002 } },
      { status: 401, body: '{"error":{"message":"bad key"}}' },
    );
    const ok = await gateway.app.inject({
      method: 'POST',
      url: '/v1/feedback/generate',
      headers: SERVICE_HEADERS,
      payload: FEEDBACK_REQUEST,
    });
    const failed = await gateway.app.inject({
      method: 'POST',
      url: '/v1/feedback/generate',
      headers: SERVICE_HEADERS,
      payload: FEEDBACK_REQUEST,
    });
    expect(ok.statusCode).toBe(200);
    expect(failed.statusCode).toBe(502);

    const text = (await gateway.app.inject({ url: '/metrics' })).body;
    const base = 'service="ai-gateway",provider="openrouter",operation="generateFeedback"';
    expect(metric(text, 'ai_calls_total', `${base},outcome="ok"`)).toBe(1);
    expect(metric(text, 'ai_calls_total', `${base},outcome="provider"`)).toBe(1);
    expect(metric(text, 'ai_provider_requests_total', base)).toBe(2);
    expect(metric(text, 'ai_tokens_total', `${base},kind="prompt"`)).toBe(220);
    expect(metric(text, 'ai_tokens_total', `${base},kind="completion"`)).toBe(45);
    expect(metric(text, 'ai_cost_usd_total', base)).toBeCloseTo(0.003, 6);
    expect(metric(text, 'ai_call_duration_seconds_count', base)).toBe(2);
  });

  it('counts embed calls and their prompt tokens under the embed operation', async () => {
    gateway.fake.enqueueEmbeddings({ embeddings: [[1], [0]], usage: { prompt_tokens: 9, total_tokens: 9 } });
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/v1/embeddings',
      headers: SERVICE_HEADERS,
      payload: { texts: ['a', 'b'] },
    });
    expect(res.statusCode).toBe(200);

    const text = (await gateway.app.inject({ url: '/metrics' })).body;
    const base = 'service="ai-gateway",provider="openrouter",operation="embed"';
    expect(metric(text, 'ai_calls_total', `${base},outcome="ok"`)).toBe(1);
    expect(metric(text, 'ai_provider_requests_total', base)).toBe(1);
    expect(metric(text, 'ai_tokens_total', `${base},kind="prompt"`)).toBe(9);
    expect(metric(text, 'ai_tokens_total', `${base},kind="completion"`)).toBe(0);
  });
});
