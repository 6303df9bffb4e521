// How many model calls a session start costs: the feedback-service reserves this many against the
// user's daily budget, and clients (the console) show it before the user starts.
import type { StartFeedbackSessionRequest } from './feedback.js';

/** Themes are aggregated per product, and once more overall when a session compares products. */
export const themeCallsOf = (products: number) => products + (products > 1 ? 1 : 0);

/** The most model calls a session can start: a persona each (audience mode), a feedback per pair, the themes. */
export function plannedModelCalls(request: Pick<StartFeedbackSessionRequest, 'productIds' | 'personaIds' | 'personaCount'>): {
  personas: number;
  total: number;
} {
  const products = request.productIds.length;
  const personas = request.personaIds?.length ?? request.personaCount ?? 0;
  const generated = request.personaIds ? 0 : personas;
  return { personas: generated, total: generated + products * personas + themeCallsOf(products) };
}
