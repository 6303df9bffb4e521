// Where the services are (flags, then environment, then one gateway URL, then the local defaults)
// and the cached access token (a 0600 file under the user's config directory).
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

import { UserError } from './errors.js';

export type Env = Record<string, string | undefined>;

/** The services the CLI talks to, by the names their operators know them by. */
export const SERVICES = {
  auth: { name: 'auth-api', env: 'AUTH_API_URL', flag: '--auth-url', defaultUrl: 'http://127.0.0.1:3001' },
  products: { name: 'product-api', env: 'PRODUCT_API_URL', flag: '--product-url', defaultUrl: 'http://127.0.0.1:3002' },
  personas: { name: 'persona-service', env: 'PERSONA_SERVICE_URL', flag: '--persona-url', defaultUrl: 'http://127.0.0.1:3003' },
  feedback: { name: 'feedback-service', env: 'FEEDBACK_SERVICE_URL', flag: '--feedback-url', defaultUrl: 'http://127.0.0.1:3004' },
} as const;
export type ServiceKey = keyof typeof SERVICES;
export type ServiceUrls = Record<ServiceKey, string>;

export interface UrlFlags {
  authUrl?: string;
  productUrl?: string;
  personaUrl?: string;
  feedbackUrl?: string;
  /** All services behind one gateway (path routing by /auth, /products, /personas, /feedback-sessions). */
  baseUrl?: string;
}

function checkedUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`${source}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`${source}: "${value}" is not an http(s) URL`);
  return value.replace(/\/+$/, '');
}

export function resolveServiceUrls(flags: UrlFlags, env: Env): ServiceUrls {
  const base = flags.baseUrl ?? env.PERSONA_LAB_BASE_URL;
  const flagOf: Record<ServiceKey, string | undefined> = {
    auth: flags.authUrl,
    products: flags.productUrl,
    personas: flags.personaUrl,
    feedback: flags.feedbackUrl,
  };
  const pick = (key: ServiceKey): string => {
    const service = SERVICES[key];
    if (flagOf[key]) return checkedUrl(flagOf[key], service.flag);
    if (env[service.env]) return checkedUrl(env[service.env]!, service.env);
    if (base) return checkedUrl(base, flags.baseUrl ? '--base-url' : 'PERSONA_LAB_BASE_URL');
    return service.defaultUrl;
  };
  return { auth: pick('auth'), products: pick('products'), personas: pick('personas'), feedback: pick('feedback') };
}

export function tokenCachePath(env: Env): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config');
  return path.join(configHome, 'persona-lab', 'token.json');
}

export const CachedToken = Type.Object({
  /** The auth-api that issued it: a token of another platform is never sent. */
  authUrl: Type.String(),
  email: Type.String(),
  userId: Type.String(),
  accessToken: Type.String(),
  expiresAt: Type.String({ description: 'ISO date-time' }),
});
export type CachedToken = Static<typeof CachedToken>;

/** The cached token, or undefined when there is none or the file is not one of ours. */
export async function readCachedToken(file: string): Promise<CachedToken | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return Value.Check(CachedToken, value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function saveCachedToken(file: string, token: CachedToken): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await chmod(file, 0o600);
}

export async function forgetCachedToken(file: string): Promise<void> {
  await rm(file, { force: true });
}
