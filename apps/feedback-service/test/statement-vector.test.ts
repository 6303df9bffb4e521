// The statement's vector as the feedback domain gets it from the gateway's answer: unpacked exactly,
// and a packed vector that does not decode is a failed embedding whose call is still kept (paid for).
import { packVector } from '@persona-lab/service-kit';
import { type FakeService, startFakeService } from '@persona-lab/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import { aiPlugin } from '../src/plugins/ai.js';

const METADATA = {
  provider: 'openrouter',
  model: 'vendor/e-1',
  attempts: 1,
  simulated: false,
  usage: { promptTokens: 21, completionTokens: 0, totalTokens: 21 },
  costUsd: 0.000002,
  cached: false,
};
const FEEDBACK = { feedback: 'Fine.', purchase_intent: 6, key_concerns: [], purchase_statement: 'Maybe.', metadata: METADATA };
const INPUT = {
  persona: { bio: 'A bio.', productAttitudes: 'Careful.' },
  product: { name: 'Shoe', description: 'A shoe.', price: '10.00', currency: 'EUR', category: 'Footwear', keyFeatures: [] },
  language: 'en',
  embedStatement: { timeoutMs: 1_000 },
};
const CALL = { model: 'vendor/e-1', usage: METADATA.usage, costUsd: 0.000002, attempts: 1 };

let gateway: FakeService | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await gateway?.close();
});

async function feedbackAnswering(packedVector: string) {
  gateway = await startFakeService([{ status: 200, body: { ...FEEDBACK, statementEmbedding: { packedVector, metadata: METADATA } } }]);
  app = Fastify();
  await app.register(aiPlugin, { baseUrl: gateway.baseUrl, serviceToken: 't'.repeat(32), timeoutMs: 5_000 });
  return app.ai.generateFeedback(INPUT, 'request-1');
}

describe("a feedback's statement vector from the gateway", () => {
  it('is unpacked to the exact numbers, with the call that embedded it', async () => {
    const vector = [0.1 + 0.2, -0.8, 1e-7, 3];
    const answer = await feedbackAnswering(packVector(vector));
    expect(answer.statementEmbedding).toStrictEqual({ vector, call: CALL });
  });

  it('is a failed embedding, its call kept, when it does not decode', async () => {
    const answer = await feedbackAnswering(packVector([0.5, Number.NaN]));
    expect(answer.statementEmbedding).toStrictEqual({ failure: expect.stringContaining('packedVector'), call: CALL });
  });
});
