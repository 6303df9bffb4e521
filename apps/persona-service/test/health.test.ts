import { describe, expect, it } from 'vitest';

import { readConfig } from '../src/config.js';
import { usePersonaService } from './helper.js';

const stack = usePersonaService({ env: { CONSUMERS_ENABLED: 'false' } });

describe('health', () => {
  it('is live and ready when its database and broker answer', async () => {
    expect((await stack.app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await stack.app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toMatchObject({ database: 'up', broker: 'up' });
  });

  it('refuses to start with a config error naming every missing variable', () => {
    expect(() => readConfig({})).toThrow(/JWT_SECRET is required[\s\S]*SERVICE_TOKEN is required[\s\S]*DATABASE_URL is required/);
  });
});
