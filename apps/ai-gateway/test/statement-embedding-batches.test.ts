// The purchase statements of feedback calls whose answers arrive in one turn of the event loop are
// embedded by one provider request: each caller gets its own vector and a share of the request's
// tokens in proportion to its statement's length; one caller giving up does not fail the others.
import { AI_GATEWAY_ROUTES } from '@persona-lab/contracts';
import { fakeEmbedding, type RecordedRequest } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { apportion, shareOut } from '../src/domain/statement-embeddings.js';
import { asFloat32, FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway, vectorOf } from './helper.js';

/** Statements of 20, 30 and 50 characters. */
const STATEMENTS = ['I might buy it soon.', 'I would buy it for my hiking.', 'Too expensive for me, I would wait for a discount.'];

const answerWith = (statement: string) =>
  JSON.stringify({ feedback: 'Solid boots.', purchase_intent: 5, key_concerns: ['price'], purchase_statement: statement });

const embeddingRequests = (requests: RecordedRequest[]) => requests.filter((r) => r.path === '/v1/embeddings');

/** Blocks this process (the gateway and the fake run in it) so that every timer due meanwhile fires in one turn. */
function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('statement embeddings of one turn, over the fake provider', () => {
  const gateway = useAiGateway();

  /**
   * Sends one feedback call per timeout, each answered after 100 ms with the next statement. Once the
   * fake holds them all, the process is blocked past their answers, so the answers reach the gateway in
   * one turn of its event loop, as a burst of answers does under load.
   */
  async function burst(timeoutsMs: number[]) {
    STATEMENTS.slice(0, timeoutsMs.length).forEach((statement) => gateway.fake.enqueue({ content: answerWith(statement), delayMs: 100 }));
    const responses = timeoutsMs.map((timeoutMs) =>
      gateway.app.inject({
        method: 'POST',
        url: AI_GATEWAY_ROUTES.generateFeedback,
        headers: SERVICE_HEADERS,
        payload: { ...FEEDBACK_REQUEST, embedStatement: { timeoutMs } },
      }),
    );
    while (gateway.fake.requests.length < timeoutsMs.length) await new Promise((resolve) => setTimeout(resolve, 5));
    blockFor(150);
    return (await Promise.all(responses)).map((res) => {
      expect(res.statusCode).toBe(200);
      return res.json();
    });
  }

  it('sends the statements as one embeddings request and shares its tokens out by length', async () => {
    gateway.fake.enqueueEmbeddings({ usage: { prompt_tokens: 101, total_tokens: 101 } });
    const answers = await burst([5_000, 5_000, 5_000]);

    const requests = embeddingRequests(gateway.fake.requests);
    expect(requests).toHaveLength(1);
    expect((requests[0]!.body as { input: string[] }).input).toEqual(STATEMENTS);
    // 101 tokens over 20 : 30 : 50 characters is 20.2, 30.3 and 50.5: the floors, and the one left to the largest fraction.
    expect(answers.map((a) => a.statementEmbedding.metadata.usage)).toEqual([
      { promptTokens: 20, completionTokens: 0, totalTokens: 20 },
      { promptTokens: 30, completionTokens: 0, totalTokens: 30 },
      { promptTokens: 51, completionTokens: 0, totalTokens: 51 },
    ]);
    answers.forEach((answer, i) => {
      expect(answer.purchase_statement).toBe(STATEMENTS[i]);
      expect(vectorOf(answer.statementEmbedding)).toEqual(asFloat32(fakeEmbedding(STATEMENTS[i]!)));
      expect(answer.statementEmbedding.metadata).toMatchObject({ attempts: 1, cached: false });
    });
  });

  it('lets a caller whose time runs out leave while the others get their vectors', async () => {
    gateway.fake.enqueueEmbeddings({ delayMs: 400 });
    const [first, second] = await burst([5_000, 150]);

    expect(embeddingRequests(gateway.fake.requests)).toHaveLength(1);
    expect(vectorOf(first.statementEmbedding)).toEqual(asFloat32(fakeEmbedding(STATEMENTS[0]!)));
    expect(second.statementEmbedding).toEqual({ failure: { kind: 'timeout', message: expect.stringContaining('150 ms') } });
    expect(second.purchase_statement).toBe(STATEMENTS[1]);
  });
});

describe('sharing a request’s usage out', () => {
  it('splits integers by largest remainder, adding up to the total', () => {
    // 10 over 1 : 1 : 1 is 3.33 each: 3, 3, 3 and the one left to the first of the equal fractions.
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 7 over 1 : 2 : 4 is exactly 1, 2 and 4.
    expect(apportion(7, [1, 2, 4])).toEqual([1, 2, 4]);
    // 5 over 3 : 3 : 2 is 1.875, 1.875, 1.25: floors 1, 1, 1 and the two left to the larger fractions.
    expect(apportion(5, [3, 3, 2])).toEqual([2, 2, 1]);
    expect(apportion(0, [4, 6])).toEqual([0, 0]);
  });

  it('gives each text its vector, its share of tokens and cost, and the request’s attempts', () => {
    const shares = shareOut(
      { vectors: [[1], [2]], model: 'e-1', usage: { promptTokens: 9, completionTokens: 0, totalTokens: 9 }, costUsd: 0.0003, attempts: 2 },
      ['abcd', 'abcdefgh'],
    );
    // 4 : 8 characters: a third and two thirds of 9 tokens and of $0.0003.
    expect(shares).toEqual([
      {
        vectors: [[1]],
        model: 'e-1',
        usage: { promptTokens: 3, completionTokens: 0, totalTokens: 3 },
        costUsd: expect.any(Number),
        attempts: 2,
      },
      {
        vectors: [[2]],
        model: 'e-1',
        usage: { promptTokens: 6, completionTokens: 0, totalTokens: 6 },
        costUsd: expect.any(Number),
        attempts: 2,
      },
    ]);
    expect(shares[0]!.costUsd).toBeCloseTo(0.0001, 12);
    expect(shares[1]!.costUsd).toBeCloseTo(0.0002, 12);
  });
});

describe('a statements request nobody waits for any more', () => {
  // One embeddings request at a time: a request left running would hold the only place.
  const gateway = useAiGateway({ env: { AI_MAX_EMBEDDING_CONCURRENCY: '1' } });

  const feedbackWithin = (timeoutMs: number) =>
    gateway.app.inject({
      method: 'POST',
      url: AI_GATEWAY_ROUTES.generateFeedback,
      headers: SERVICE_HEADERS,
      payload: { ...FEEDBACK_REQUEST, embedStatement: { timeoutMs } },
    });

  it('is aborted when its last caller leaves, so the next statement gets the place at once', async () => {
    gateway.fake.enqueue(answerWith(STATEMENTS[0]!), answerWith(STATEMENTS[1]!));
    gateway.fake.enqueueEmbeddings({ hang: true });
    const left = await feedbackWithin(150);
    expect(left.json().statementEmbedding).toEqual({ failure: { kind: 'timeout', message: expect.stringContaining('150 ms') } });

    // The provider's timeout is 5 s: had the hanging request kept the place, this would time out after 1 s.
    const next = await feedbackWithin(1_000);
    expect(vectorOf(next.json().statementEmbedding)).toEqual(asFloat32(fakeEmbedding(STATEMENTS[1]!)));
    expect(embeddingRequests(gateway.fake.requests)).toHaveLength(2);
  });
});
