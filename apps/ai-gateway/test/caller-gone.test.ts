// Over a real connection: a caller that closes its connection stops its model call at once, without
// a retry, while calls one after another on a kept-alive connection are answered.
import { Agent, request as httpRequest } from 'node:http';

import { waitFor } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEEDBACK_ANSWER, FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway } from './helper.js';

const gateway = useAiGateway();
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
let url: URL;

beforeAll(async () => {
  url = new URL('/v1/feedback/generate', await gateway.app.listen({ host: '127.0.0.1', port: 0 }));
});
afterAll(() => agent.destroy());

/** Sends a feedback call; `sent` is the request, `answer` its status and whether it went on a reused connection. */
function feedbackCall() {
  const body = JSON.stringify(FEEDBACK_REQUEST);
  const sent = httpRequest(url, { method: 'POST', agent, headers: { ...SERVICE_HEADERS, 'content-type': 'application/json' } });
  const answer = new Promise<{ status: number; reusedSocket: boolean }>((resolve, reject) => {
    sent.once('error', reject);
    sent.once('response', (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0, reusedSocket: sent.reusedSocket }));
    });
  });
  sent.end(body);
  return { sent, answer };
}

async function abortedCalls(): Promise<number> {
  const text = (await gateway.app.inject({ url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith('ai_calls_total{') && l.includes('outcome="aborted"'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('a feedback call over a real connection', () => {
  it('is answered again and again on one kept-alive connection', async () => {
    gateway.fake.enqueue(FEEDBACK_ANSWER, FEEDBACK_ANSWER, FEEDBACK_ANSWER);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await feedbackCall().answer);
    expect(answers).toEqual([
      { status: 200, reusedSocket: false },
      { status: 200, reusedSocket: true },
      { status: 200, reusedSocket: true },
    ]);
    expect(gateway.fake.requests).toHaveLength(3);
  });

  it('stops at once, as aborted and without a retry, when its caller closes the connection', async () => {
    gateway.fake.enqueue({ hang: true });
    const { sent, answer } = feedbackCall();
    answer.catch(() => undefined);
    await waitFor('the call to reach the provider', () => gateway.fake.requests.length === 1);
    sent.destroy();
    // Without the abort the call would wait out the provider's timeout (5 s) and be retried.
    await waitFor('the call to end as aborted', async () => (await abortedCalls()) === 1, { timeoutMs: 3_000 });
    expect(gateway.fake.requests).toHaveLength(1);
  });
});
