/** Secrets and settings every service's tests can share; never used outside tests. */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret-that-is-at-least-32-characters-long',
  SERVICE_TOKEN: 'test-service-token-that-is-at-least-32-characters',
} as const;

/**
 * Retry delays of message consumers in tests (TASK_RETRY_DELAYS_MS of a service, or a Broker's
 * retry policy): short, so a retried message is seen within a test's deadline.
 */
export const TEST_RETRY_DELAYS_MS: readonly number[] = [50, 100, 200];

/** A complete environment for loading a service's config in a test. */
export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    RABBITMQ_URL: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    ...TEST_SECRETS,
    ...overrides,
  };
}
