// /health/live says the process runs; /health/ready says its real dependencies answer.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';

export type ReadinessCheck = () => Promise<boolean>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Registers a dependency that readiness waits on (database, broker, cache, ...). */
    addReadinessCheck(name: string, check: ReadinessCheck): void;
  }
}

const CHECK_TIMEOUT_MS = 2_000;

async function withTimeout(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const HealthReport = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Record(Type.String(), Type.Union([Type.Literal('up'), Type.Literal('down')])),
});

async function health(app: FastifyInstance, options: { service: string }): Promise<void> {
  const checks = new Map<string, ReadinessCheck>();
  let closing = false;
  app.decorate('addReadinessCheck', (name: string, check: ReadinessCheck) => {
    checks.set(name, check);
  });
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.get(
    '/health/live',
    { schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok'), service: Type.String() }) } } },
    async () => ({ status: 'ok' as const, service: options.service }),
  );

  app.get(
    '/health/ready',
    { schema: { tags: ['health'], response: { 200: HealthReport, 503: HealthReport } } },
    async (_request, reply) => {
      const results = await Promise.all(
        [...checks].map(async ([name, check]) => [name, (await withTimeout(check)) ? 'up' : 'down'] as const),
      );
      const report = Object.fromEntries(results);
      const ready = !closing && results.every(([, state]) => state === 'up');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: report });
    },
  );
}

export const healthPlugin = fp(health, { name: 'persona-lab-health', fastify: '5.x' });
