// The provider's concurrency caps, through the routes: at most AI_MAX_CONCURRENCY chat requests and
// AI_MAX_EMBEDDING_CONCURRENCY embeddings requests in flight, each cap on its own, so an embedding
// never waits for a chat call's place (nor takes one).
import { AI_GATEWAY_ROUTES } from '@persona-lab/contracts';
import type { RecordedRequest } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { SERVICE_HEADERS, useAiGateway } from './helper.js';

/** How long the fake holds every request: long enough that a request that waited for a place arrives clearly later. */
const HOLD_MS = 500;
/** Node may fire a timer up to a millisecond before its time as Date.now() counts it. */
const TIMER_SLACK_MS = 2;

describe('requests in flight at the provider', () => {
  const gateway = useAiGateway({ env: { AI_MAX_CONCURRENCY: '2', AI_MAX_EMBEDDING_CONCURRENCY: '1' } });

  /** Each request's arrival at the provider, by endpoint; every answer is sent HOLD_MS after its arrival. */
  function recordArrivals() {
    const arrivals = { chat: [] as number[], embeddings: [] as number[] };
    const concernOf = (request: RecordedRequest) => /^- (.+?)(?: \(×\d+\))?$/m.exec(request.body?.messages?.at(-1)?.content ?? '')?.[1];
    gateway.fake.setFallback((request) => {
      arrivals.chat.push(Date.now());
      return { content: JSON.stringify([{ theme: concernOf(request) ?? 'unknown', mentions: 1 }]), delayMs: HOLD_MS };
    });
    gateway.fake.setEmbeddingsFallback(() => {
      arrivals.embeddings.push(Date.now());
      return { delayMs: HOLD_MS };
    });
    return arrivals;
  }

  const themes = (concern: string) =>
    gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.aggregateThemes,
      headers: SERVICE_HEADERS,
      payload: { concerns: [concern] },
    });
  const embed = (text: string) =>
    gateway.app.inject({ method: 'POST', url: AI_GATEWAY_ROUTES.embed, headers: SERVICE_HEADERS, payload: { texts: [text] } });

  it('sends a third chat request only when one of the two in flight has answered', async () => {
    const arrivals = recordArrivals();
    const answers = await Promise.all([themes('Price too high'), themes('Battery life'), themes('Hard to clean')]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    const [first, second, third] = arrivals.chat;
    expect(second! - first!).toBeLessThan(HOLD_MS);
    expect(third! - first!).toBeGreaterThanOrEqual(HOLD_MS - TIMER_SLACK_MS);
  });

  it('sends an embedding while every chat place is held, and one embedding at a time', async () => {
    const arrivals = recordArrivals();
    const chats = Promise.all([themes('Price too high'), themes('Battery life')]);
    const embeddings = Promise.all([embed('I would buy it.'), embed('Not for me.')]);
    const answers = [...(await chats), ...(await embeddings)];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    // The first embedding reached the provider before either chat call had answered: it took no chat place
    // and waited for none.
    expect(arrivals.embeddings[0]! - Math.min(...arrivals.chat)).toBeLessThan(HOLD_MS - TIMER_SLACK_MS);
    // The second waited for the first's answer.
    expect(arrivals.embeddings[1]! - arrivals.embeddings[0]!).toBeGreaterThanOrEqual(HOLD_MS - TIMER_SLACK_MS);
  });
});
