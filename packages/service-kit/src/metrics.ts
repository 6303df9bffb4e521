// Prometheus metrics at /metrics, one registry per app (never the global one, so tests and
// several apps in one process never share counters). Services add their own metrics to `app.metrics`.
// With a token (METRICS_TOKEN), only a scraper presenting it as a bearer token reads them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

import { Errors } from './errors.js';
import { secretMatcher } from './secrets.js';

export interface MetricsOptions {
  service: string;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  token?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

const BEARER = /^Bearer (.+)$/i;

function metricsTokenRequired(): Error {
  return Object.assign(new Errors.Unauthorized('The metrics require the metrics token as a bearer token'), {
    headers: { 'www-authenticate': 'Bearer realm="metrics"' },
  });
}

async function metrics(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  app.decorate('metrics', registry);

  // Takes `done` rather than returning a promise: one microtask less on every request.
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, not the URL, so ids do not explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') {
      latency.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    }
    done();
  });

  const isToken = options.token ? secretMatcher(options.token) : undefined;
  const requireToken = async (request: FastifyRequest) => {
    const given = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (isToken && (given === undefined || !isToken(given))) throw metricsTokenRequired();
  };

  app.get('/metrics', { schema: { hide: true }, onRequest: requireToken }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

export const metricsPlugin = fp(metrics, { name: 'persona-lab-metrics', fastify: '5.x' });
