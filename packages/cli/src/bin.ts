#!/usr/bin/env node
// The `persona-lab` executable.
import { main } from './cli.js';

const args = process.argv.slice(2);
// `pnpm … start -- research …` passes the separator on.
process.exitCode = await main(args[0] === '--' ? args.slice(1) : args, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
