// The web app's calls to the auth-api for the browser session: sign up, sign in, and who a token is.
// An answer the auth-api refused (problem+json) is passed back to the browser as it came.
import { AuthToken, type Credentials, type LoginCredentials, Me, REQUEST_ID_HEADER } from '@persona-lab/contracts';
import { Errors } from '@persona-lab/service-kit';
import { type Static, type TSchema, Type } from 'typebox';
import { Compile } from 'typebox/compile';

const checkAuthToken = Compile(AuthToken);
const checkMe = Compile(Me);
const checkNoContent = Compile(Type.Null());

/** A refusal by the auth-api: its status, headers that matter to the client, and its body, for the browser as is. */
export class AuthApiRefusal extends Error {
  override readonly name = 'AuthApiRefusal';
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly body: string,
    readonly retryAfter: string | null,
  ) {
    super(`auth-api answered ${status}`);
  }
}

export interface AuthApiCall {
  requestId: string;
  /** The browser's address, for the auth-api's per-address limits (it reads it when it trusts the proxy). */
  clientIp: string;
}

export interface AuthApi {
  register(credentials: Credentials, call: AuthApiCall): Promise<AuthToken>;
  login(credentials: LoginCredentials, call: AuthApiCall): Promise<AuthToken>;
  /** The token's account, or undefined when the auth-api does not accept the token (expired, invalid, deleted user). */
  me(accessToken: string, call: AuthApiCall): Promise<Me | undefined>;
  /** Puts the token on the services' deny-list; a token the auth-api no longer accepts needs nothing. */
  logout(accessToken: string, call: AuthApiCall): Promise<void>;
}

export function createAuthApi(baseUrl: string, timeoutMs: number): AuthApi {
  async function call<S extends TSchema>(
    path: string,
    init: { method: string; body?: unknown; token?: string },
    context: AuthApiCall,
    validator: { Check(value: unknown): value is Static<S> },
  ): Promise<Static<S>> {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method: init.method,
        headers: {
          [REQUEST_ID_HEADER]: context.requestId,
          'x-forwarded-for': context.clientIp,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Errors.BadGateway('The auth-api is not reachable', { cause: error });
    }
    const text = await response.text();
    if (!response.ok) {
      if (response.status >= 500) throw new Errors.BadGateway(`The auth-api failed with ${response.status}`);
      throw new AuthApiRefusal(
        response.status,
        response.headers.get('content-type') ?? 'application/problem+json',
        text,
        response.headers.get('retry-after'),
      );
    }
    const value: unknown = text === '' ? null : JSON.parse(text);
    if (!validator.Check(value)) throw new Errors.BadGateway('The auth-api answered outside its contract');
    return value;
  }

  return {
    register: (credentials, context) =>
      call<typeof AuthToken>('/auth/register', { method: 'POST', body: credentials }, context, checkAuthToken),
    login: (credentials, context) => call<typeof AuthToken>('/auth/login', { method: 'POST', body: credentials }, context, checkAuthToken),
    async me(accessToken, context) {
      try {
        return await call<typeof Me>('/auth/me', { method: 'GET', token: accessToken }, context, checkMe);
      } catch (error) {
        if (error instanceof AuthApiRefusal && error.status === 401) return undefined;
        throw error;
      }
    },
    async logout(accessToken, context) {
      try {
        await call<ReturnType<typeof Type.Null>>('/auth/logout', { method: 'POST', token: accessToken }, context, checkNoContent);
      } catch (error) {
        if (error instanceof AuthApiRefusal && error.status === 401) return; // expired or already signed out
        throw error;
      }
    },
  };
}
