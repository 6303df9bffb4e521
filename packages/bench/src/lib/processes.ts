// Services under benchmark run as child processes started the way `pnpm dev` starts them (TypeScript
// source through tsx), or with the arguments of an app's start command (`serviceCommand` of
// @persona-lab/testing, for BENCH_FROM=dist), so the load generator never shares an event loop with
// the server it measures.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

import { waitFor } from '@persona-lab/testing';

const STDERR_TAIL_CHARS = 4_000;
const STOP_GRACE_MS = 5_000;

export interface RunningService {
  readonly name: string;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('Could not read the address of a probe server');
  return address.port;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export interface StartOptions {
  name: string;
  /** Repository root: the working directory, from which `tsx` resolves. */
  cwd: string;
  /** Either an entry file, relative to `cwd`, run from source under tsx… */
  entry?: string;
  /** …or node's whole argument list (flags and a built entry), e.g. a start command's. */
  args?: string[];
  port: number;
  env: Record<string, string>;
  /** Path answering 200 once the service can take traffic. */
  readyPath?: string;
  readyTimeoutMs?: number;
}

/** Starts `entry` under Node with the workspace's "source" condition (or `args`) and waits until it answers `readyPath`. */
export async function startService(options: StartOptions): Promise<RunningService> {
  const args = options.args ?? (options.entry === undefined ? undefined : ['--conditions=source', '--import', 'tsx', options.entry]);
  if (args === undefined) throw new Error(`${options.name}: give an entry or node's arguments`);
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(options.port), ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const service: RunningService = { name: options.name, baseUrl, stop: () => stopChild(child) };

  try {
    await waitFor(
      `${options.name} to answer ${options.readyPath ?? '/health/ready'}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${options.name} exited with code ${child.exitCode}: ${stderr}`);
        const response = await fetch(`${baseUrl}${options.readyPath ?? '/health/ready'}`);
        return response.ok;
      },
      { timeoutMs: options.readyTimeoutMs ?? 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await service.stop();
    throw new Error(`${options.name} did not start. Its stderr:\n${stderr}`, { cause: error });
  }
  return service;
}
