import { BaseConfig, loadConfig } from '@persona-lab/service-kit';
import { type Static, Type } from 'typebox';

const Url = (fallback: string, description: string) => Type.String({ pattern: '^https?://', default: fallback, description });

export const WebConfig = Type.Object({
  ...BaseConfig.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  AUTH_API_URL: Url('http://127.0.0.1:3001', 'auth-api, behind /api/auth'),
  PRODUCT_API_URL: Url('http://127.0.0.1:3002', 'product-api, behind /api/products'),
  PERSONA_SERVICE_URL: Url('http://127.0.0.1:3003', 'persona-service, behind /api/personas'),
  FEEDBACK_SERVICE_URL: Url('http://127.0.0.1:3004', 'feedback-service, behind /api/feedback-sessions'),
  /** Signs the CSRF secret's cookie, so another site cannot plant one (cookie tossing). */
  COOKIE_SECRET: Type.String({ minLength: 32, description: 'Secret of signed cookies, at least 32 characters' }),
  /** Served over HTTPS: cookies get Secure and the __Host- prefix. Leave false for http://127.0.0.1. */
  COOKIE_SECURE: Type.Boolean({ default: false }),
  /** How long one proxied answer may take, body included; an SSE stream stays open while its heartbeats (15 s) arrive. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 1_000, default: 60_000 }),
  /** The built console (index.html and assets); by default apps/web/dist/console. */
  CONSOLE_DIR: Type.Optional(Type.String({ minLength: 1 })),
});
export type WebConfig = Static<typeof WebConfig>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(WebConfig, env);
