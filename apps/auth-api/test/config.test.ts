import { ConfigError } from '@persona-lab/service-kit';
import { testEnv } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { readConfig } from '../src/config.js';

const env = (overrides: Record<string, string> = {}) => testEnv({ DATABASE_URL: 'postgresql://localhost/x', ...overrides });

describe('auth-api configuration', () => {
  it('limits logins per IP, per email from one IP and per email from all IPs by default', () => {
    expect(readConfig(env())).toMatchObject({
      LOGIN_IP_MAX_ATTEMPTS: 20,
      LOGIN_IP_WINDOW_SECONDS: 60,
      LOGIN_EMAIL_IP_MAX_FAILURES: 5,
      LOGIN_EMAIL_IP_WINDOW_SECONDS: 900,
      LOGIN_EMAIL_MAX_FAILURES: 50,
      LOGIN_EMAIL_WINDOW_SECONDS: 900,
    });
  });

  it('limits registrations to 10 per hour from one address by default', () => {
    expect(readConfig(env())).toMatchObject({ REGISTER_IP_MAX: 10, REGISTER_IP_WINDOW_SECONDS: 3600 });
    expect(() => readConfig(env({ REGISTER_IP_MAX: '0' }))).toThrow(/REGISTER_IP_MAX/);
  });

  it('refuses a per-email ceiling below the per-address budget, naming both', () => {
    const load = () => readConfig(env({ LOGIN_EMAIL_IP_MAX_FAILURES: '10', LOGIN_EMAIL_MAX_FAILURES: '5' }));
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('LOGIN_EMAIL_MAX_FAILURES (5) must not be below LOGIN_EMAIL_IP_MAX_FAILURES (10)');
  });

  it('refuses a limit that is not a positive integer, naming it', () => {
    expect(() => readConfig(env({ LOGIN_EMAIL_IP_MAX_FAILURES: '0' }))).toThrow(/LOGIN_EMAIL_IP_MAX_FAILURES/);
    expect(() => readConfig(env({ LOGIN_EMAIL_IP_WINDOW_SECONDS: 'soon' }))).toThrow(/LOGIN_EMAIL_IP_WINDOW_SECONDS/);
  });
});
