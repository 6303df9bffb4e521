// /metrics is open unless METRICS_TOKEN is set; then only a scraper presenting it as a bearer token reads it.
import { testEnv } from '@persona-lab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type App, BaseConfig, ConfigError, createApp, loadConfig } from '../src/index.js';

const METRICS_TOKEN = 'metrics-token-that-is-at-least-32-characters';
let guarded: App;
let open: App;

beforeAll(async () => {
  guarded = await createApp({ service: 'metrics-guarded', logLevel: 'silent', metricsToken: METRICS_TOKEN });
  open = await createApp({ service: 'metrics-open', logLevel: 'silent' });
  await Promise.all([guarded.ready(), open.ready()]);
});
afterAll(() => Promise.all([guarded.close(), open.close()]));

const scrape = (app: App, authorization?: string) =>
  app.inject({ url: '/metrics', headers: authorization === undefined ? {} : { authorization } });

describe('metrics token', () => {
  it('serves the metrics to a scraper presenting the token', async () => {
    const res = await scrape(guarded, `Bearer ${METRICS_TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('process_cpu_user_seconds_total{service="metrics-guarded"}');
  });

  it.each([
    ['no Authorization header', undefined],
    ['another token', `Bearer ${METRICS_TOKEN.slice(0, -1)}x`],
    ['the token with a suffix', `Bearer ${METRICS_TOKEN}x`],
    ['the token without the Bearer scheme', METRICS_TOKEN],
    ['a Basic credential', `Basic ${Buffer.from(`u:${METRICS_TOKEN}`).toString('base64')}`],
  ])('answers %s with 401 UNAUTHORIZED problem+json and no metrics', async (_name, authorization) => {
    const res = await scrape(guarded, authorization);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(res.json()).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      detail: 'The metrics require the metrics token as a bearer token',
    });
    expect(res.body).not.toContain('process_cpu');
  });

  it('serves the metrics to anyone when no token is configured', async () => {
    const res = await scrape(open);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('process_cpu_user_seconds_total{service="metrics-open"}');
  });

  it('refuses a METRICS_TOKEN shorter than 32 characters at start-up and leaves it unset by default', () => {
    expect(() => loadConfig(BaseConfig, testEnv({ METRICS_TOKEN: 'short' }))).toThrow(ConfigError);
    expect(() => loadConfig(BaseConfig, testEnv({ METRICS_TOKEN: 'short' }))).toThrow(/METRICS_TOKEN/);
    expect(loadConfig(BaseConfig, testEnv()).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig(BaseConfig, testEnv({ METRICS_TOKEN })).METRICS_TOKEN).toBe(METRICS_TOKEN);
  });
});
