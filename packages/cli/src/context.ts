// What every command gets: where to print, the service clients, and the signed-in state.
import { createAuthApi } from './api/auth.js';
import { createFeedbackApi } from './api/feedback.js';
import { createPersonasApi } from './api/personas.js';
import { createProductsApi } from './api/products.js';
import { createAuthenticator } from './auth.js';
import { type Env, resolveServiceUrls, type ServiceUrls, tokenCachePath, type UrlFlags } from './config.js';
import type { Output } from './render/progress.js';

export interface CliIo {
  /** Results: insights, tables, file paths. */
  stdout: Output;
  /** Progress and status lines, errors. */
  stderr: Output;
  env: Env;
  cwd: string;
  /** What the user types (interactive commands: `interview`); absent in tests that give flags instead. */
  stdin?: NodeJS.ReadableStream;
}

export interface GlobalFlags extends UrlFlags {
  email?: string;
  password?: string;
  register?: boolean;
}

export function createContext(io: CliIo, flags: GlobalFlags) {
  const urls: ServiceUrls = resolveServiceUrls(flags, io.env);
  const authApi = createAuthApi(urls.auth);
  const print = (line = '') => io.stdout.write(`${line}\n`);
  const note = (line: string) => io.stderr.write(`${line}\n`);
  const cacheFile = tokenCachePath(io.env);
  return {
    io,
    urls,
    print,
    note,
    cacheFile,
    auth: createAuthenticator({
      authApi,
      cacheFile,
      credentials: {
        email: flags.email ?? io.env.PERSONA_LAB_EMAIL,
        password: flags.password ?? io.env.PERSONA_LAB_PASSWORD,
        register: flags.register,
      },
      log: note,
    }),
    products: createProductsApi(urls.products),
    personas: createPersonasApi(urls.personas),
    feedback: createFeedbackApi(urls.feedback),
  };
}

export type CommandContext = ReturnType<typeof createContext>;
