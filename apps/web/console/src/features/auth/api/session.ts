// The browser session: who is signed in, and signing in, up and out through the web app.
import type { ConsoleSession, Credentials, LoginCredentials } from '@persona-lab/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, hasCsrfToken, setCsrfToken } from '../../../lib/api-client';

const sessionKey = ['session'] as const;

async function remember(session: Promise<ConsoleSession>): Promise<ConsoleSession> {
  const value = await session;
  setCsrfToken(value.csrfToken);
  return value;
}

export const getSession = () => remember(api<ConsoleSession>('/api/session'));

export const sessionQueryOptions = () => queryOptions({ queryKey: sessionKey, queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(sessionQueryOptions());

/** The email as the auth-api stores it (trimmed and lower-cased), so the web app's validation agrees with it. */
const normalised = <T extends { email: string }>(credentials: T): T => ({ ...credentials, email: credentials.email.trim().toLowerCase() });

/** A page opened at /sign-in has not read the session yet: its CSRF token comes first. */
async function withCsrfToken<T>(request: () => Promise<T>): Promise<T> {
  if (!hasCsrfToken()) await getSession();
  return request();
}

export const signIn = (credentials: LoginCredentials) =>
  withCsrfToken(() => remember(api<ConsoleSession>('/api/session/sign-in', { method: 'POST', body: normalised(credentials) })));

export const signUp = (credentials: Credentials) =>
  withCsrfToken(() => remember(api<ConsoleSession>('/api/session/sign-up', { method: 'POST', body: normalised(credentials) })));

export const signOut = () => api<void>('/api/session/sign-out', { method: 'POST' });

function useSessionMutation<T>(fn: (input: T) => Promise<ConsoleSession>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(sessionKey, session);
    },
  });
}

export const useSignIn = () => useSessionMutation(signIn);
export const useSignUp = () => useSessionMutation(signUp);

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSettled: async () => {
      client.clear();
      await client.invalidateQueries({ queryKey: sessionKey });
    },
  });
}
