// Header names every service and every client of an internal route agree on, written once.

/** The service credential of internal (service-to-service) routes; a user token alone never passes. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/** The request id: accepted from the caller (or generated), logged, answered, and passed on to the next service. */
export const REQUEST_ID_HEADER = 'x-request-id';
