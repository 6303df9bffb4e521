// The ai-gateway's models and prices, as the estimate and a budgeted start need them.
import type { AiPricingResponse } from '@persona-lab/contracts';
import { Errors } from '@persona-lab/service-kit';

import type { FeedbackDeps } from './deps.js';

/** The model of each use and its price; 503 when the gateway cannot say (nothing has started). */
export async function gatewayPricing(deps: Pick<FeedbackDeps, 'ai'>, requestId: string): Promise<AiPricingResponse> {
  try {
    return await deps.ai.pricing(requestId);
  } catch (error) {
    throw new Errors.ServiceUnavailable(`The ai-gateway could not say its prices (${deps.ai.classify(error).message}); retry shortly`);
  }
}
