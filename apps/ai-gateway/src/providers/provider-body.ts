// The first step of reading any answer of an OpenAI-compatible provider: JSON, and not an error
// document (OpenRouter may answer 200 with an error from the upstream model provider in the body).
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';

import { AiError, providerStatusError } from '../domain/ai-error.js';

const ErrorBody = Type.Object({ error: Type.Object({ code: Type.Optional(Type.Union([Type.Number(), Type.String()])) }) });
const errorBody = Compile(ErrorBody);

export function readJsonBody(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AiError('provider', 'AI provider answered a body that is not JSON', { retryable: true });
  }
  if (errorBody.Check(body)) {
    const status = Number(body.error.code);
    throw Number.isInteger(status) && status >= 400
      ? providerStatusError(status, undefined)
      : new AiError('provider', 'AI provider answered with an error', { retryable: true });
  }
  return body;
}
