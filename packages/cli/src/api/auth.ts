// auth-api: register and sign in.
import { AuthToken, type Credentials, type LoginCredentials } from '@persona-lab/contracts';

import { createServiceHttp } from './http.js';

export function createAuthApi(baseUrl: string) {
  const http = createServiceHttp({ service: 'auth-api', baseUrl });
  return {
    baseUrl,
    register: (credentials: Credentials): Promise<AuthToken> => http.postJson('auth/register', credentials, AuthToken),
    login: (credentials: LoginCredentials): Promise<AuthToken> => http.postJson('auth/login', credentials, AuthToken),
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;
