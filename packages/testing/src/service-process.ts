// Runs one of the platform's services as a real child process, the way it runs in production, for
// tests of another service that talks to it over HTTP (apps never import each other).
import { type ChildProcess, spawn } from 'node:child_process';
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

/**
 * Starts `apps/<app>/src/server.ts` from source with `env` (plus HOST and PORT) and waits until its
 * /health/ready answers 200.
 */
export async function startServiceProcess(
  app: string,
  env: NodeJS.ProcessEnv,
  { readyTimeoutMs = 30_000 }: { readyTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join('apps', app, 'src', 'server.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env, HOST: '127.0.0.1', PORT: String(port) },
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
