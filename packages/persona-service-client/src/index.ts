export { type CallOptions, createPersonaServiceClient, type PersonaServiceClient, type PersonaServiceClientOptions } from './client.js';
export { PersonaServiceError, type PersonaServiceErrorDetails } from './errors.js';
