export { createPersonaServiceClient, type CallOptions, type PersonaServiceClient, type PersonaServiceClientOptions } from './client.js';
export { PersonaServiceError, type PersonaServiceErrorDetails } from './errors.js';
