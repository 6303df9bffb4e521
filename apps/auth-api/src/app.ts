import { authPlugin, createApp, prismaPlugin, redisPlugin, type App } from '@persona-lab/service-kit';
import type { AuthApiConfig } from './config.js';
import { createAccountService } from './domain/accounts.js';
import { createLoginThrottle } from './domain/login-throttle.js';
import { createPasswordHasher } from './domain/passwords.js';
import { createRegistrationThrottle } from './domain/registration-throttle.js';
import { authRoutes } from './routes/auth.js';

/** Credentials are a few hundred bytes; a small limit keeps junk away from the hasher. */
const BODY_LIMIT_BYTES = 16 * 1024;

/** Builds the auth-api: registration, login and "me", issuing the JWTs every service verifies. */
export async function buildApp(config: AuthApiConfig): Promise<App> {
  const app = await createApp({ service: 'auth-api', logLevel: config.LOG_LEVEL, trustProxy: config.TRUST_PROXY, bodyLimit: BODY_LIMIT_BYTES, metricsToken: config.METRICS_TOKEN });
  await app.register(prismaPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await app.register(redisPlugin, { url: config.REDIS_URL });
  await app.register(authPlugin, {
    jwtSecret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });

  const passwords = await createPasswordHasher({
    memoryCost: config.PASSWORD_HASH_MEMORY_KIB,
    timeCost: config.PASSWORD_HASH_TIME_COST,
    parallelism: config.PASSWORD_HASH_PARALLELISM,
  });
  const throttle = createLoginThrottle(
    app.redis,
    {
      namespace: config.LOGIN_LIMIT_NAMESPACE,
      ipMaxAttempts: config.LOGIN_IP_MAX_ATTEMPTS,
      ipWindowSeconds: config.LOGIN_IP_WINDOW_SECONDS,
      emailIpMaxFailures: config.LOGIN_EMAIL_IP_MAX_FAILURES,
      emailIpWindowSeconds: config.LOGIN_EMAIL_IP_WINDOW_SECONDS,
      emailMaxFailures: config.LOGIN_EMAIL_MAX_FAILURES,
      emailWindowSeconds: config.LOGIN_EMAIL_WINDOW_SECONDS,
    },
    app.log,
  );
  const registrations = createRegistrationThrottle(
    app.redis,
    { namespace: config.LOGIN_LIMIT_NAMESPACE, ipMax: config.REGISTER_IP_MAX, ipWindowSeconds: config.REGISTER_IP_WINDOW_SECONDS },
    app.log,
  );
  const accounts = createAccountService({
    db: app.db,
    passwords,
    throttle,
    registrations,
    issueToken: (userId) => ({
      userId,
      accessToken: app.jwt.sign({ sub: userId }, { expiresIn: config.JWT_TTL_SECONDS }),
      tokenType: 'Bearer',
      expiresIn: config.JWT_TTL_SECONDS,
    }),
  });

  await app.register(authRoutes, { accounts });
  return app;
}
