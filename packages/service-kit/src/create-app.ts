// The Fastify instance every service starts from: logging, request ids, strict validation,
// problem+json errors, health, metrics and OpenAPI. Services register their own plugins and routes on it.
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { DestinationStream } from 'pino';

import { Errors } from './errors.js';
import { healthPlugin } from './health.js';
import { loggerOptions } from './logger.js';
import { metricsPlugin } from './metrics.js';
import { openapiPlugin } from './openapi.js';
import { clientErrorHandler, installProblemHandler, MAX_PARAM_LENGTH, problemFor, replyWithProblem } from './problem-handler.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.js';
import { lazySerializerFactory } from './serialization.js';
import { createValidatorCompiler } from './validation.js';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface CreateAppOptions {
  service: string;
  version?: string;
  logLevel?: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** Behind a load balancer: take the client address from X-Forwarded-For (see TRUST_PROXY). */
  trustProxy?: boolean;
  /** When set (METRICS_TOKEN), /metrics requires it as a bearer token. */
  metricsToken?: string;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
  /**
   * Level of Fastify's "incoming request" and "request completed" lines (info by default). `debug`
   * for a service whose every request is on a hot path: a failed request still gets the problem
   * handler's info or error line, and a request that errors after its reply Fastify's error line.
   */
  requestLogLevel?: 'info' | 'debug';
}

/** Fastify's per-request lines at debug; its error lines as they are. */
class DebugRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    if (this.isLogDisabled(request)) return;
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function createApp(options: CreateAppOptions): Promise<App> {
  const app = Fastify({
    logger: { ...loggerOptions(options.service, options.logLevel ?? 'info'), ...(options.logStream ? { stream: options.logStream } : {}) },
    ...(options.requestLogLevel === 'debug' ? { logController: new DebugRequestLog() } : {}),
    genReqId: requestIdFrom,
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    // Off because it answers in Fastify's own JSON shape, before any hook; refuseWhileClosing does it as problem+json.
    return503OnClosing: false,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors of the router and of Node's HTTP parser answer problem+json too, not Fastify's own shape.
    frameworkErrors: (error, request, reply) => {
      void replyWithProblem(request, reply, error);
    },
    clientErrorHandler,
    ajv: { customOptions: { coerceTypes: 'array' } },
    // Route schemas are compiled at a route's first request, not at start-up: compiling every route's
    // validators and response serializers held ~2.2 MiB of JS heap in a feedback-service instance,
    // whose consumers never serve most of its routes. A schema that cannot compile fails its route
    // (500) instead of the start; every route's tests run its schemas.
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  refuseWhileClosing(app);
  // Hooks on every request take `done` rather than return a promise: one microtask less each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  installProblemHandler(app);
  await app.register(openapiPlugin, { service: options.service, version: options.version ?? '0.1.0' });
  await app.register(healthPlugin, { service: options.service });
  await app.register(metricsPlugin, { service: options.service, token: options.metricsToken });
  return app;
}

/**
 * A request that still arrives while the app closes (pipelined, or on a kept-alive connection) gets
 * 503 SERVICE_UNAVAILABLE problem+json, so the client retries elsewhere. Registered as the first
 * onRequest hook, it answers before any other hook or the route runs, as `return503OnClosing` did.
 */
function refuseWhileClosing(app: App): void {
  let closing = false;
  // The app's first preClose hook: Fastify runs it as it stops routing, before hooks that wait on consumers.
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    request.log.info('request refused: the service is closing');
    const problem = problemFor(request.id, new Errors.ServiceUnavailable('The service is shutting down; send the request again'));
    reply.status(503).header(REQUEST_ID_HEADER, request.id).type('application/problem+json').send(problem);
  });
}
