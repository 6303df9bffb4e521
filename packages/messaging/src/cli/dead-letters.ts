#!/usr/bin/env node
// The `dead-letters` command (root script `pnpm -s dead-letters …`); see dead-letters-command.ts.
import { main } from './dead-letters-command.js';

const args = process.argv.slice(2);
// `pnpm … dead-letters -- list …` passes the separator on.
process.exitCode = await main(args[0] === '--' ? args.slice(1) : args, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
