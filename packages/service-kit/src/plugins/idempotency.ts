// Idempotency-Key support: a route with `preHandler: [app.authenticate, app.idempotent]` runs at
// most once per user and key within the TTL. A repeat gets the first response (with `idempotent-replayed: true`);
// a repeat while the first is still running gets 409; the same key with another body gets 422.
// A 5xx answer releases the key so the client may retry. Needs `redisPlugin`; it must come after
// authentication, since keys are scoped per user.
import { createHash } from 'node:crypto';

import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';

import { Errors } from '../errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,255}$/;

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler making the route honour Idempotency-Key; place it after `app.authenticate`. */
    idempotent: preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    /** The Redis key this request claimed, until its response is recorded; undefined when it claimed none. */
    idempotencyRecordKey: string | undefined;
    /** The fingerprint stored with the claim, to compare a repeat's body with. */
    idempotencyFingerprint: string | undefined;
  }
}

type Stored =
  { state: 'in-flight'; fingerprint: string } | { state: 'done'; fingerprint: string; status: number; contentType: string; body: string };

export interface IdempotencyOptions {
  ttlSeconds?: number;
  /** Prefix of every Redis key, so tests and environments never share records. */
  keyPrefix?: string;
}

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

async function idempotency(app: FastifyInstance, options: IdempotencyOptions): Promise<void> {
  const ttl = options.ttlSeconds ?? 300;
  const prefix = options.keyPrefix ?? 'idempotency';

  async function claimOrReplay(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw Object.assign(new Errors.ValidationFailed('Idempotency-Key must be 1–255 characters of A-Z a-z 0-9 . _ : -'), {
        fields: [{ field: 'headers/idempotency-key', message: 'is malformed' }],
      });
    }
    if (!request.userId) throw new Error('app.idempotent must run after app.authenticate');
    const recordKey = `${prefix}:${request.userId}:${header}`;
    const fingerprint = fingerprintOf(request);
    let claimed: string | null;
    try {
      claimed = await app.redis.set(recordKey, JSON.stringify({ state: 'in-flight', fingerprint } satisfies Stored), 'EX', ttl, 'NX');
    } catch (error) {
      request.log.error({ err: error }, 'idempotency store unreachable');
      throw new Errors.ServiceUnavailable('Idempotency cannot be guaranteed right now; retry shortly');
    }
    if (claimed === 'OK') {
      request.idempotencyRecordKey = recordKey;
      request.idempotencyFingerprint = fingerprint;
      return;
    }
    const raw = await app.redis.get(recordKey);
    if (raw === null) throw new Errors.IdempotencyInFlight(); // expired between SET and GET: let the client retry
    const stored = JSON.parse(raw) as Stored;
    if (stored.fingerprint !== fingerprint) throw new Errors.IdempotencyKeyReused();
    if (stored.state === 'in-flight') throw new Errors.IdempotencyInFlight();
    request.log.info({ idempotencyKey: header }, 'replaying the stored response');
    return reply.status(stored.status).type(stored.contentType).header('idempotent-replayed', 'true').send(stored.body);
  }

  app.decorate('idempotent', claimOrReplay);
  app.decorateRequest('idempotencyRecordKey', undefined);
  app.decorateRequest('idempotencyFingerprint', undefined);

  app.addHook('onSend', async (request, reply, payload) => {
    const recordKey = request.idempotencyRecordKey;
    if (!recordKey) return payload;
    request.idempotencyRecordKey = undefined;
    try {
      if (reply.statusCode >= 500) {
        await app.redis.del(recordKey);
      } else {
        const stored: Stored = {
          state: 'done',
          fingerprint: request.idempotencyFingerprint!,
          status: reply.statusCode,
          contentType: String(reply.getHeader('content-type') ?? 'application/json'),
          body: typeof payload === 'string' ? payload : JSON.stringify(payload ?? null),
        };
        await app.redis.set(recordKey, JSON.stringify(stored), 'EX', ttl);
      }
    } catch (error) {
      request.log.error({ err: error, recordKey }, 'could not record the idempotent response');
    }
    return payload;
  });
}

export const idempotencyPlugin = fp(idempotency, {
  name: 'persona-lab-idempotency',
  dependencies: ['persona-lab-redis'],
});
