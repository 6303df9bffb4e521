// Prometheus figures of every AI operation: calls by outcome, latency, tokens and cost, by provider
// and operation, in the app's registry (/metrics).
import type { AiMetadata } from '@persona-lab/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram } from 'prom-client';

export interface AiCallRecord {
  operation: string;
  provider: string;
  /** `ok`, or the failure kind (provider, validation, timeout, aborted). */
  outcome: string;
  seconds: number;
  metadata?: AiMetadata;
}

declare module 'fastify' {
  interface FastifyInstance {
    recordAiCall(record: AiCallRecord): void;
  }
}

async function aiMetrics(app: FastifyInstance): Promise<void> {
  const registers = [app.metrics];
  const calls = new Counter({
    name: 'ai_calls_total',
    help: 'AI operations by outcome',
    labelNames: ['provider', 'operation', 'outcome'],
    registers,
  });
  const latency = new Histogram({
    name: 'ai_call_duration_seconds',
    help: 'Duration of AI operations, retries and repairs included',
    labelNames: ['provider', 'operation'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
    registers,
  });
  const attempts = new Counter({
    name: 'ai_provider_requests_total',
    help: 'Requests sent to the provider',
    labelNames: ['provider', 'operation'],
    registers,
  });
  const tokens = new Counter({
    name: 'ai_tokens_total',
    help: 'Tokens the provider reported',
    labelNames: ['provider', 'operation', 'kind'],
    registers,
  });
  const cost = new Counter({
    name: 'ai_cost_usd_total',
    help: 'Cost of the calls whose price is known (provider-reported or from AI_MODEL_PRICES), in USD',
    labelNames: ['provider', 'operation'],
    registers,
  });

  app.decorate('recordAiCall', ({ operation, provider, outcome, seconds, metadata }: AiCallRecord) => {
    calls.inc({ provider, operation, outcome });
    latency.observe({ provider, operation }, seconds);
    // A cached answer's usage and cost are the original call's, already counted when it was made.
    if (!metadata || metadata.cached) return;
    attempts.inc({ provider, operation }, metadata.attempts);
    tokens.inc({ provider, operation, kind: 'prompt' }, metadata.usage.promptTokens);
    tokens.inc({ provider, operation, kind: 'completion' }, metadata.usage.completionTokens);
    if (typeof metadata.costUsd === 'number') cost.inc({ provider, operation }, metadata.costUsd);
  });
}

export const aiMetricsPlugin = fp(aiMetrics, { name: 'ai-metrics', dependencies: ['persona-lab-metrics'] });
