// How large one feedback session may be: the start request, the persona-service's find-or-create and
// clients all read these, so the limits are stated once.

/** Personas of one session (explicit ids, or the count of an audience). */
export const SESSION_MAX_PERSONAS = 2_000;
/** Products of one session. */
export const SESSION_MAX_PRODUCTS = 10;
