// Decorates the app with the gateway's operations over the configured provider, and closes the
// provider's connections when the app closes.
import type { AiPricingResponse } from '@persona-lab/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import { type AiGatewayConfig, priceTableOf } from '../config.js';
import { type AiOperations, createOperations } from '../domain/operations.js';
import { type PriceTable, pricingOf } from '../domain/pricing.js';
import { createProvider } from '../providers/create-provider.js';

declare module 'fastify' {
  interface FastifyInstance {
    ai: AiOperations;
    /** The configured provider, for logs and metrics. */
    aiProviderName: string;
    /** AI_MODEL_PRICES, for the cost of calls whose provider reports none. */
    aiPrices: PriceTable;
    /** The model of each use and its price. */
    aiPricing: AiPricingResponse;
  }
}

async function aiOperations(app: FastifyInstance, options: { config: AiGatewayConfig }): Promise<void> {
  const { config } = options;
  const provider = createProvider(config);
  app.decorate(
    'ai',
    createOperations({
      provider,
      backoff: { baseMs: config.AI_RETRY_BASE_MS, maxMs: config.AI_RETRY_MAX_MS },
      batchMaxAttempts: config.AI_BATCH_MAX_ATTEMPTS,
      maxAttempts: config.AI_MAX_ATTEMPTS,
      ...(app.hasDecorator('responseCache') ? { cache: app.responseCache } : {}),
    }),
  );
  app.decorate('aiProviderName', provider.name);
  const prices = priceTableOf(config);
  app.decorate('aiPrices', prices);
  app.decorate('aiPricing', pricingOf(provider, prices));
  app.log.info(
    { provider: provider.name, simulated: provider.simulated, responseCache: app.hasDecorator('responseCache') },
    'AI provider ready',
  );
  app.addHook('onClose', () => provider.close());
}

export const aiOperationsPlugin = fp(aiOperations, { name: 'ai-operations', fastify: '5.x' });
