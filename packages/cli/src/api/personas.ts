// persona-service: generate personas for the signed-in user.
import { type PersonaGenerationRequest, PersonaGenerationResponse } from '@persona-lab/contracts';

import { createServiceHttp } from './http.js';

/** A synchronous generation waits for the model; the ai-gateway's own timeout is 120 s. */
const GENERATION_TIMEOUT_MS = 150_000;

export function createPersonasApi(baseUrl: string) {
  const http = createServiceHttp({ service: 'persona-service', baseUrl, timeoutMs: GENERATION_TIMEOUT_MS });
  return {
    generate: (token: string, request: PersonaGenerationRequest): Promise<PersonaGenerationResponse> =>
      http.postJson('personas/generate', request, PersonaGenerationResponse, { token }),
  };
}

export type PersonasApi = ReturnType<typeof createPersonasApi>;
