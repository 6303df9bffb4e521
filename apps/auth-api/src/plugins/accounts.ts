// Wires the accounts domain once, as `app.accounts`: the password hasher, the login and
// registration limits in Redis, and token issuing.
import { randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import type { AuthApiConfig } from '../config.js';
import type { AccountDeps } from '../domain/deps.js';
import { createLoginThrottle } from '../domain/login-throttle.js';
import { createPasswordHasher } from '../domain/passwords.js';
import { createRegistrationThrottle } from '../domain/registration-throttle.js';

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountDeps;
  }
}

async function accounts(app: FastifyInstance, config: AuthApiConfig): Promise<void> {
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
  app.decorate('accounts', {
    db: app.db,
    passwords,
    throttle,
    registrations,
    issueToken: (userId) => ({
      userId,
      // A token id of its own, so that signing out can put exactly this token on the deny-list.
      accessToken: app.jwt.sign({ sub: userId, jti: randomUUID() }, { expiresIn: config.JWT_TTL_SECONDS }),
      tokenType: 'Bearer',
      expiresIn: config.JWT_TTL_SECONDS,
    }),
  } satisfies AccountDeps);
}

export const accountsPlugin = fp(accounts, {
  name: 'auth-accounts',
  dependencies: ['persona-lab-prisma', 'persona-lab-redis', 'persona-lab-auth'],
});
