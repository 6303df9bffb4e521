// A small typed client of the persona-service's internal routes: the service credential and request
// id on every call (internal-http), answers checked against the shared contracts, failures as
// PersonaServiceError.
import { type FindOrCreatePersonasRequest, FindOrCreatePersonasResponse, PERSONA_SERVICE_INTERNAL_ROUTES } from '@persona-lab/contracts';
import { type CallOptions, createInternalHttp } from '@persona-lab/internal-http';
import { Compile } from 'typebox/compile';

import { PERSONA_SERVICE, personaServiceErrorOf } from './errors.js';

export type { CallOptions };

export interface PersonaServiceClientOptions {
  /** e.g. http://127.0.0.1:3003 */
  baseUrl: string;
  serviceToken: string;
  /** Timeout of one attempt. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * find-or-create is safe to repeat (a second call reuses what the first made), so a gateway-level
 * failure of the persona-service (502/503/504) or a network error is retried twice with got's backoff.
 */
const RETRY = { limit: 2, statusCodes: [502, 503, 504] };

const validators = {
  findOrCreatePersonas: Compile(FindOrCreatePersonasResponse),
};

export function createPersonaServiceClient(options: PersonaServiceClientOptions) {
  const http = createInternalHttp({
    service: PERSONA_SERVICE,
    baseUrl: options.baseUrl,
    serviceToken: options.serviceToken,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: RETRY,
    toError: personaServiceErrorOf,
  });

  return {
    /** Reuses the user's matching ACTIVE personas for an audience; creates and queues the rest. */
    findOrCreatePersonas: (request: FindOrCreatePersonasRequest, call: CallOptions = {}) =>
      http.post(PERSONA_SERVICE_INTERNAL_ROUTES.findOrCreatePersonas, request, validators.findOrCreatePersonas, call),
  };
}

export type PersonaServiceClient = ReturnType<typeof createPersonaServiceClient>;
