// Signing in for a command: the cached token while it is valid, else the credentials given; a token
// a service rejects is dropped and replaced once by a fresh sign-in.
import type { AuthToken } from '@persona-lab/contracts';

import type { AuthApi } from './api/auth.js';
import { type CachedToken, forgetCachedToken, readCachedToken, saveCachedToken } from './config.js';
import { ProblemError, TokenRejectedError, UserError } from './errors.js';

export interface Credentials {
  email?: string;
  password?: string;
  /** Create the account first (an existing account just signs in). */
  register?: boolean;
}

export interface AuthenticatorOptions {
  authApi: AuthApi;
  cacheFile: string;
  credentials: Credentials;
  /** Where "Signed in as …" goes. */
  log: (line: string) => void;
  now?: () => number;
}

/** A cached token is not used in its last minute: a long command would see it expire midway. */
const EXPIRY_MARGIN_MS = 60_000;

const HOW_TO_SIGN_IN = 'give --email and --password (or set PERSONA_LAB_EMAIL and PERSONA_LAB_PASSWORD), or run `persona-lab login` first';

export function createAuthenticator({ authApi, cacheFile, credentials, log, now = Date.now }: AuthenticatorOptions) {
  let current: string | undefined;
  const email = credentials.email?.trim().toLowerCase();

  async function signIn(): Promise<string> {
    if (!email || !credentials.password) throw new UserError(`Not signed in: ${HOW_TO_SIGN_IN}`);
    const body = { email, password: credentials.password };
    let token: AuthToken;
    if (credentials.register) {
      try {
        token = await authApi.register(body);
        log(`Registered and signed in as ${email}`);
      } catch (error) {
        if (!(error instanceof ProblemError && error.status === 409)) throw error;
        token = await authApi.login(body);
        log(`Signed in as ${email} (the account already existed)`);
      }
    } else {
      token = await authApi.login(body);
      log(`Signed in as ${email}`);
    }
    const cached: CachedToken = {
      authUrl: authApi.baseUrl,
      email,
      userId: token.userId,
      accessToken: token.accessToken,
      expiresAt: new Date(now() + token.expiresIn * 1000).toISOString(),
    };
    await saveCachedToken(cacheFile, cached);
    return cached.accessToken;
  }

  async function cachedToken(): Promise<string | undefined> {
    const cached = await readCachedToken(cacheFile);
    if (!cached || cached.authUrl !== authApi.baseUrl) return undefined;
    if (email && cached.email !== email) return undefined;
    if (Date.parse(cached.expiresAt) - EXPIRY_MARGIN_MS <= now()) {
      await forgetCachedToken(cacheFile);
      if (!email || !credentials.password) throw new UserError(`The saved sign-in of ${cached.email} has expired: ${HOW_TO_SIGN_IN}`);
      return undefined;
    }
    log(`Using the saved sign-in of ${cached.email}`);
    return cached.accessToken;
  }

  async function token(): Promise<string> {
    current ??= credentials.register ? await signIn() : ((await cachedToken()) ?? (await signIn()));
    return current;
  }

  return {
    token,
    /** Signs in with the credentials even when a cached token exists (`persona-lab login`). */
    async signInFresh(): Promise<string> {
      current = await signIn();
      return current;
    },
    /** Runs `call` with a token; when a service rejects it, signs in again once and retries. */
    async run<T>(call: (token: string) => Promise<T>): Promise<T> {
      try {
        return await call(await token());
      } catch (error) {
        if (!(error instanceof TokenRejectedError)) throw error;
        current = undefined;
        await forgetCachedToken(cacheFile);
        if (!email || !credentials.password) {
          throw new UserError(`${error.service} rejected the saved sign-in (it may have expired): ${HOW_TO_SIGN_IN}`);
        }
        log(`${error.service} rejected the saved sign-in; signing in again`);
        const fresh = await token();
        try {
          return await call(fresh);
        } catch (retryError) {
          if (retryError instanceof TokenRejectedError) {
            throw new UserError(
              `${retryError.service} rejected a fresh token too (${retryError.problem.message}); do the services share auth-api's JWT secret?`,
            );
          }
          throw retryError;
        }
      }
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
