// The built console: its files under /assets with long caching (their names carry a content hash),
// and index.html for every other page path, so a deep link (/studies/…) opens the single-page app.
import { access } from 'node:fs/promises';
import path from 'node:path';

import fastifyStatic from '@fastify/static';
import type {} from '@fastify/swagger'; // schema.hide
import { type App, Errors } from '@persona-lab/service-kit';

export async function consoleRoutes(app: App, options: { root: string }): Promise<void> {
  const built = await access(path.join(options.root, 'index.html')).then(
    () => true,
    () => false,
  );
  app.addReadinessCheck('console', async () => built);
  if (!built) {
    app.log.warn({ root: options.root }, 'the console is not built (pnpm --filter @persona-lab/web build); only the API is served');
    return;
  }

  await app.register(fastifyStatic, {
    root: options.root,
    wildcard: false,
    index: false,
    setHeaders: (reply, file) => {
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    // An unknown API or asset path is a 404, never the page.
    if (pathname.startsWith('/api/') || pathname.startsWith('/assets/')) {
      throw new Errors.RouteNotFound(request.method, pathname);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
