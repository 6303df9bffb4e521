// Starts a service: reads its config (exiting with every problem named), builds the app, listens
// with explicit timeouts, and drains in-flight work on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace';

import { ConfigError } from './config.js';
import type { App } from './create-app.js';

interface ListenConfig {
  HOST: string;
  PORT: number;
  SHUTDOWN_GRACE_MS: number;
}

export async function startService<C extends ListenConfig>(
  service: string,
  readConfig: () => C,
  build: (config: C) => Promise<App>,
): Promise<App> {
  let config: C;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${service}: ${error.message}`);
    process.exit(1);
  }
  const app = await build(config);
  const server = app.server;
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.timeout = 0; // idle sockets close by keepAliveTimeout; long SSE streams must stay open

  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down: draining in-flight work');
    await app.close();
  });

  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (error) {
    app.log.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
  return app;
}
