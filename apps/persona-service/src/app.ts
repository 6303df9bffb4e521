import { authPlugin, createApp, prismaPlugin, type App } from '@persona-lab/service-kit';
import type { PersonaServiceConfig } from './config.js';
import { personaRoutes } from './routes/personas.js';

/** Builds the persona-service; generation routes and the queue consumer arrive with the persona issue. */
export async function buildApp(config: PersonaServiceConfig): Promise<App> {
  const app = await createApp({ service: 'persona-service', logLevel: config.LOG_LEVEL });
  await app.register(prismaPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await app.register(authPlugin, {
    jwtSecret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    serviceToken: config.SERVICE_TOKEN,
  });
  await app.register(personaRoutes);
  return app;
}
