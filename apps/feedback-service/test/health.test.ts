import { testEnv } from '@persona-lab/testing';
import { describe, expect, it } from 'vitest';

import { readConfig } from '../src/config.js';
import { useFeedbackService } from './helper.js';

const stack = useFeedbackService({ env: { CONSUMERS_ENABLED: 'false' } });
const app = () => stack.apps[0]!;

describe('health', () => {
  it('is live and ready when its database, Redis and RabbitMQ answer', async () => {
    expect((await app().inject({ url: '/health/live' })).statusCode).toBe(200);
    await app().broker.waitUntilReady(15_000);
    const ready = await app().inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ database: 'up', redis: 'up', broker: 'up' });
  });

  it('refuses to start with a config error naming every missing variable', () => {
    expect(() => readConfig({})).toThrow(/JWT_SECRET is required[\s\S]*SERVICE_TOKEN is required[\s\S]*DATABASE_URL is required/);
    expect(() => readConfig({ ...testEnv({ DATABASE_URL: 'mysql://x' }), FEEDBACK_PREFETCH: 'lots' })).toThrow(
      /DATABASE_URL must match[\s\S]*FEEDBACK_PREFETCH must be integer/,
    );
  });
});
