// auth-api: register, sign in and sign out.
import { AuthToken, type Credentials, type LoginCredentials } from '@persona-lab/contracts';

import { createServiceHttp } from './http.js';

export function createAuthApi(baseUrl: string) {
  const http = createServiceHttp({ service: 'auth-api', baseUrl });
  return {
    baseUrl,
    register: (credentials: Credentials): Promise<AuthToken> => http.postJson('auth/register', credentials, AuthToken),
    login: (credentials: LoginCredentials): Promise<AuthToken> => http.postJson('auth/login', credentials, AuthToken),
    /** Every service refuses the token from now on (until it would have expired anyway). */
    logout: (token: string): Promise<void> => http.postEmpty('auth/logout', { token }),
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;
