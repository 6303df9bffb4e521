// One origin for the API: /api/auth, /api/products, /api/personas and /api/feedback-sessions go to
// their services through @fastify/http-proxy, bodies and answers streamed (SSE unbuffered). A browser
// request is authenticated by the session cookie (the token is sent on as a bearer token); an API
// client's own Authorization header is passed on untouched.
import type { IncomingHttpHeaders } from 'node:http';

import proxy from '@fastify/http-proxy';
import { REQUEST_ID_HEADER } from '@persona-lab/contracts';
import { type App, Errors } from '@persona-lab/service-kit';
import type { FastifyRequest, RawServerBase, RouteGenericInterface } from 'fastify';

export interface Upstream {
  /** The service's name, as error messages say it. */
  service: string;
  /** The public prefix, e.g. /api/products. */
  prefix: string;
  /** The service's own prefix, e.g. /products. */
  rewritePrefix: string;
  url: string;
}

export async function apiProxyRoutes(app: App, options: { upstreams: Upstream[]; timeoutMs: number }): Promise<void> {
  const forward = (request: FastifyRequest<RouteGenericInterface, RawServerBase>, headers: IncomingHttpHeaders): IncomingHttpHeaders => {
    const { cookie: _cookie, ...rest } = headers; // the console's cookies are the web app's, never a service's
    const token = rest.authorization === undefined ? app.sessionTokenOf(request) : undefined;
    return {
      ...rest,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      [REQUEST_ID_HEADER]: request.id,
      'x-forwarded-for': request.ip,
    };
  };

  // onRequest, so a refused request is refused before its body is read or sent on.
  app.addHook('onRequest', app.requireCsrfWithSession);
  for (const upstream of options.upstreams) {
    await app.register(proxy, {
      upstream: upstream.url,
      prefix: upstream.prefix,
      rewritePrefix: upstream.rewritePrefix,
      undici: { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs },
      replyOptions: {
        rewriteRequestHeaders: forward,
        onError: (reply, { error }) => {
          reply.log.warn({ err: error, upstream: upstream.service }, 'upstream call failed');
          void reply.send(new Errors.ServiceUnavailable(`The ${upstream.service} is not reachable; try again shortly`));
        },
      },
    });
  }
}
