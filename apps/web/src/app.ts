import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { type App, createApp } from '@persona-lab/service-kit';

import type { WebConfig } from './config.js';
import { createAuthApi } from './domain/auth-api.js';
import { browserSessionPlugin } from './plugins/browser-session.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { apiProxyRoutes, type Upstream } from './routes/api-proxy.js';
import { apiReferenceRoutes } from './routes/api-reference.js';
import { consoleRoutes } from './routes/console.js';
import { sessionRoutes } from './routes/session.js';

/** apps/web/dist/console, from src/ (tsx) and from dist/ (built) alike. */
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../dist/console', import.meta.url));

export const upstreamsOf = (config: WebConfig): Upstream[] => [
  { service: 'auth-api', prefix: '/api/auth', rewritePrefix: '/auth', url: config.AUTH_API_URL },
  { service: 'product-api', prefix: '/api/products', rewritePrefix: '/products', url: config.PRODUCT_API_URL },
  { service: 'persona-service', prefix: '/api/personas', rewritePrefix: '/personas', url: config.PERSONA_SERVICE_URL },
  { service: 'feedback-service', prefix: '/api/feedback-sessions', rewritePrefix: '/feedback-sessions', url: config.FEEDBACK_SERVICE_URL },
];

/** Builds the front door: the console's files, its browser session, and the API of every service under /api. */
export async function buildApp(config: WebConfig): Promise<App> {
  const app = await createApp({
    service: 'web',
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
  });
  const upstreams = upstreamsOf(config);
  await app.register(securityHeadersPlugin, { https: config.COOKIE_SECURE });
  await app.register(browserSessionPlugin, { cookieSecret: config.COOKIE_SECRET, secure: config.COOKIE_SECURE });
  await app.register(sessionRoutes, { authApi: createAuthApi(config.AUTH_API_URL, config.UPSTREAM_TIMEOUT_MS) });
  await app.register(apiProxyRoutes, { upstreams, timeoutMs: config.UPSTREAM_TIMEOUT_MS });
  await app.register(apiReferenceRoutes, { upstreams });
  await app.register(consoleRoutes, { root: path.resolve(config.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR) });
  return app;
}
