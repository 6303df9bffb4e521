// Runs one of the platform's services as a real child process, the way it runs in production, for
// tests of another service that talks to it over HTTP (apps never import each other).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { waitFor } from './wait-for.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  url: string;
  port: number;
  /** Everything the process printed, for a failing test's message. */
  output(): string;
  /** SIGTERM (graceful) by default; SIGKILL for fault tests. Resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  process: ChildProcess;
}

/**
 * What a service process runs: its TypeScript source under tsx (as `pnpm dev`, the default: nothing
 * to build first), or its built JavaScript with the flags and environment of its `start` script (as
 * `pnpm start` and scripts/start.sh run it in production).
 */
export type ServiceBuild = 'source' | 'dist';

/** BENCH_FROM, for benchmarks that can measure either build (`fallback` unless told). */
export function serviceBuildFromEnv(fallback: ServiceBuild = 'source'): ServiceBuild {
  const from = process.env.BENCH_FROM || fallback;
  if (from !== 'source' && from !== 'dist') throw new Error(`BENCH_FROM must be "source" or "dist" (got ${JSON.stringify(from)})`);
  return from;
}

export interface ServiceCommand {
  /** Working directory, relative to the repository root. */
  cwd: string;
  args: string[];
  env: Record<string, string>;
  /** The command as a person would type it, for a benchmark's output. */
  text: string;
}

/** Leading `VAR=value` words as the environment, then `--flag` words as node's flags. */
function envAndFlags(words: string[]): { env: Record<string, string>; nodeArgs: string[] } {
  const env: Record<string, string> = {};
  const nodeArgs: string[] = [];
  for (const word of words) {
    const assignment = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(word);
    if (assignment && nodeArgs.length === 0) env[assignment[1]!] = assignment[2]!;
    else if (word.startsWith('--')) nodeArgs.push(word);
    else throw new Error(`Expected VAR=value words, then --flag words: ${words.join(' ')}`);
  }
  return { env, nodeArgs };
}

/**
 * Splits a start command of the form `[VAR=value …] node [--flag …] <entry>.js` (the only form the
 * apps' `start` scripts use, and what scripts/start.sh runs) into its environment, flags and entry.
 */
export function parseStartCommand(command: string): { env: Record<string, string>; nodeArgs: string[]; entry: string } {
  const words = command.trim().split(/\s+/);
  const node = words.indexOf('node');
  const entry = words.at(-1);
  if (node === -1 || entry === undefined || node === words.length - 1 || !entry.endsWith('.js')) {
    throw new Error(`Not a start command of the form "[VAR=value …] node [--flag …] <entry>.js": ${command}`);
  }
  const { env } = envAndFlags(words.slice(0, node));
  const { nodeArgs } = envAndFlags(words.slice(node + 1, -1));
  return { env, nodeArgs, entry };
}

/**
 * How `app` is started from `from`. `nodeFlags` (same form as the words before `node` and the flags
 * after it) replaces the start script's, to measure another setting.
 */
export function serviceCommand(app: string, from: ServiceBuild, nodeFlags?: string): ServiceCommand {
  if (from === 'source') {
    const args = ['--conditions=source', '--import', 'tsx', path.join('apps', app, 'src', 'server.ts')];
    return { cwd: '.', args, env: {}, text: `node ${args.join(' ')}` };
  }
  const appDir = path.join('apps', app);
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, appDir, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const start = manifest.scripts?.start;
  if (start === undefined) throw new Error(`${appDir}/package.json has no start script`);
  const parsed = parseStartCommand(start);
  const { env, nodeArgs } = nodeFlags === undefined ? parsed : envAndFlags(nodeFlags.trim().split(/\s+/).filter(Boolean));
  if (!existsSync(path.join(REPO_ROOT, appDir, parsed.entry))) {
    throw new Error(`${appDir}/${parsed.entry} is missing: build it first (pnpm turbo run build --filter=./apps/${app})`);
  }
  const args = [...nodeArgs, parsed.entry];
  const envText = Object.entries(env).map(([name, value]) => `${name}=${value} `);
  return { cwd: appDir, args, env, text: `${envText.join('')}node ${args.join(' ')}` };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface StartServiceOptions {
  readyTimeoutMs?: number;
  /** Source (the default) or the built JavaScript; see `ServiceBuild`. */
  from?: ServiceBuild;
  /** Replaces the start script's node flags and environment (dist only); see `serviceCommand`. */
  nodeFlags?: string;
}

/**
 * Starts `app` from source (`apps/<app>/src/server.ts`) or from dist (its `start` script) with `env`
 * (plus HOST and PORT) and waits until its /health/ready answers 200.
 */
export async function startServiceProcess(
  app: string,
  env: NodeJS.ProcessEnv,
  { readyTimeoutMs = 30_000, from = 'source', nodeFlags }: StartServiceOptions = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const command = serviceCommand(app, from, nodeFlags);
  const child = spawn(process.execPath, command.args, {
    cwd: path.join(REPO_ROOT, command.cwd),
    env: { PATH: process.env.PATH, ...command.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-50_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    await waitFor(
      `${app} to become ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${output.slice(-3000)}`);
        const res = await fetch(`${url}/health/ready`).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    await stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${app} output ---\n${output.slice(-3000)}`);
  }
  return { url, port, output: () => output, stop, process: child };
}
