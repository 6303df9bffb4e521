// What the accounts domain needs from the outside; plugins/accounts.ts wires it into `app.accounts`.
import type { AuthToken } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';

import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './passwords.js';
import type { RegistrationThrottle } from './registration-throttle.js';

export interface AccountDeps {
  db: PrismaClient;
  passwords: PasswordHasher;
  throttle: LoginThrottle;
  registrations: RegistrationThrottle;
  issueToken(userId: string): AuthToken;
}
