// The console's one HTTP client: same-origin requests to the web app (the session cookie goes along),
// the CSRF token on every state-changing request, and problem+json failures as ApiError.
import { CSRF_HEADER, type ProblemDetails } from '@persona-lab/contracts';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | undefined,
  ) {
    super(problem?.detail ?? `The request failed (${status})`);
  }

  /** The message of the first problem about `field` (e.g. "body/email"), if the API named it. */
  fieldMessage(field: string): string | undefined {
    return this.problem?.errors?.find((error) => error.field === field)?.message;
  }
}

let csrfToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** Set from every /api/session answer; sent as x-csrf-token. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export const hasCsrfToken = (): boolean => csrfToken !== undefined;

/** Called when an API answers 401 (the session expired): the app goes back to sign-in. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function problemOf(response: Response): Promise<ProblemDetails | undefined> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return (await response.json()) as ProblemDetails;
  } catch {
    return undefined;
  }
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const error = new ApiError(response.status, await problemOf(response));
    if (response.status === 401 && !path.startsWith('/api/session')) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The query string of a list's page and filters, leaving out the empty ones. */
export function searchOf(query: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search.toString();
}
