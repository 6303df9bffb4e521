// The client checks every answer against its contract: a feedback whose metadata or statement
// embedding is outside it is refused as INVALID_RESPONSE, however the contract spells its unions.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAiGatewayClient } from '../src/client.js';

const METADATA = {
  provider: 'openrouter',
  model: 'm',
  attempts: 1,
  simulated: false,
  usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
  costUsd: 0.001,
};
const FEEDBACK = { feedback: 'Fine.', purchase_intent: 6, key_concerns: [], purchase_statement: 'Maybe.', metadata: METADATA };

let answer: unknown;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function feedbackAnswering(body: unknown) {
  answer = body;
  const client = createAiGatewayClient({ baseUrl, serviceToken: 't'.repeat(32), timeoutMs: 5_000 });
  return client.generateFeedback({} as never);
}

describe('a feedback answer checked against the contract', () => {
  it.each([
    ['no embedding', FEEDBACK],
    ['an unknown cost', { ...FEEDBACK, metadata: { ...METADATA, costUsd: null } }],
    ['a statement vector', { ...FEEDBACK, statementEmbedding: { packedVector: 'mpmZmZmZuT+amZmZmZnJPw==', metadata: METADATA } }],
    ['an embedding failure', { ...FEEDBACK, statementEmbedding: { failure: { kind: 'timeout', message: 'too slow' } } }],
  ])('is accepted with %s', async (_, body) => {
    await expect(feedbackAnswering(body)).resolves.toEqual(body);
  });

  it.each([
    ['an unknown provider', { ...FEEDBACK, metadata: { ...METADATA, provider: 'elsewhere' } }],
    ['a negative cost', { ...FEEDBACK, metadata: { ...METADATA, costUsd: -0.001 } }],
    ['a cost as text', { ...FEEDBACK, metadata: { ...METADATA, costUsd: '0.001' } }],
    [
      'an embedding of an unknown provider',
      { ...FEEDBACK, statementEmbedding: { packedVector: 'AAAAAAAA8D8=', metadata: { ...METADATA, provider: 'x' } } },
    ],
    ['an empty vector', { ...FEEDBACK, statementEmbedding: { packedVector: '', metadata: METADATA } }],
    ['a vector that is not base64', { ...FEEDBACK, statementEmbedding: { packedVector: 'not base64 at all', metadata: METADATA } }],
    ['a vector as numbers', { ...FEEDBACK, statementEmbedding: { vector: [0.1, 0.2], metadata: METADATA } }],
    ['a failure of an unknown kind', { ...FEEDBACK, statementEmbedding: { failure: { kind: 'gone', message: 'x' } } }],
    ['a failure beside a vector', { ...FEEDBACK, statementEmbedding: { failure: 'x', packedVector: 'AAAAAAAA8D8=', metadata: METADATA } }],
    ['an embedding that is neither', { ...FEEDBACK, statementEmbedding: {} }],
  ])('is refused as INVALID_RESPONSE with %s', async (_, body) => {
    await expect(feedbackAnswering(body)).rejects.toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
  });
});
