// Reading an OpenAI-compatible /embeddings answer: one vector per input, identified by its `index`
// (the protocol does not promise the order of `data`), all of one dimension. Anything else is the
// provider's fault, classified like a malformed chat completion. A vector is a list of numbers, or its
// 32-bit floats in base64 when the request asked for `encoding_format: "base64"`; a provider that
// ignores the request answers numbers, so both are read whatever was asked.
import { unpackFloat32Vector } from '@persona-lab/service-kit';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';

import { AiError } from '../domain/ai-error.js';
import { readJsonBody } from './provider-body.js';
import type { EmbeddingAnswer } from './types.js';

const EmbeddingsBody = Type.Object({
  model: Type.Optional(Type.String()),
  data: Type.Array(
    Type.Object({
      index: Type.Integer({ minimum: 0 }),
      embedding: Type.Union([Type.Array(Type.Number(), { minItems: 1 }), Type.String()]),
    }),
  ),
  usage: Type.Optional(
    Type.Object({
      prompt_tokens: Type.Optional(Type.Number()),
      total_tokens: Type.Optional(Type.Number()),
      cost: Type.Optional(Type.Number()),
    }),
  ),
});
const embeddingsBody = Compile(EmbeddingsBody);

function malformed(what: string): AiError {
  return new AiError('provider', `AI provider answered ${what}`, { retryable: true });
}

export function readEmbeddings(text: string, requestedModel: string, count: number): Omit<EmbeddingAnswer, 'attempts'> {
  const body = readJsonBody(text);
  if (!embeddingsBody.Check(body)) throw malformed('without a list of embeddings');
  const vectors: (number[] | undefined)[] = new Array(count);
  for (const item of body.data) {
    if (item.index >= count || vectors[item.index] !== undefined) throw malformed('embeddings that do not match the texts one to one');
    const vector = typeof item.embedding === 'string' ? unpackFloat32Vector(item.embedding) : item.embedding;
    if (!vector) throw malformed('an embedding that is neither numbers nor 32-bit floats in base64');
    vectors[item.index] = vector;
  }
  if (body.data.length !== count) throw malformed(`${body.data.length} embeddings for ${count} texts`);
  const ordered = vectors as number[][];
  const dimension = ordered[0]?.length;
  if (ordered.some((vector) => vector.length !== dimension)) throw malformed('embeddings of different dimensions');
  const usage = body.usage ?? {};
  const promptTokens = Math.round(usage.prompt_tokens ?? 0);
  return {
    vectors: ordered,
    model: body.model ?? requestedModel,
    usage: { promptTokens, completionTokens: 0, totalTokens: Math.round(usage.total_tokens ?? promptTokens) },
    ...(usage.cost !== undefined ? { costUsd: usage.cost } : {}),
  };
}
