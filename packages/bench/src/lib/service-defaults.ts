// The services' own defaults, which every benchmark runs with unless told otherwise, so a figure
// describes the platform as shipped. Keep in step with the config schemas named beside each one
// (a benchmark may not import an app's source).

/** ai-gateway `AI_MAX_CONCURRENCY` (apps/ai-gateway/src/config.ts). */
export const GATEWAY_CONCURRENCY = 16;
/** feedback-service `FEEDBACK_PREFETCH` (apps/feedback-service/src/config.ts). */
export const FEEDBACK_PREFETCH = 32;
/** feedback-service `SESSION_MAX_IN_FLIGHT` (apps/feedback-service/src/config.ts). */
export const SESSION_MAX_IN_FLIGHT = 32;
