#!/usr/bin/env node
// The `persona-lab` executable.
import { main } from './cli.js';

const args = process.argv.slice(2);
// `pnpm … start -- research …` passes the separator on.
process.exitCode = await main(args[0] === '--' ? args.slice(1) : args, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  // Under a package script (`pnpm … start`) the working directory is the package's; paths the user
  // typed (--product-file, --out-dir) are relative to where they typed them.
  cwd: (process.env.npm_lifecycle_event && process.env.INIT_CWD) || process.cwd(),
});
