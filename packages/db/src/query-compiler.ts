// Prisma's generated client imports its WebAssembly query compiler from a module whose one export is
// that WebAssembly in base64 (@prisma/client/runtime/query_compiler_<build>_bg.<provider>.wasm-base64.mjs).
// An imported module lives as long as the process, so its source and its string, 2.2 MiB each, stayed
// in the JS heap of every process that ran a query. The same file read as text is garbage once compiled.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import type { GetPrismaClientConfig } from '@prisma/client/runtime/client';

import type { PrismaClient } from './generated/prisma/client.js';

type CompilerWasm = NonNullable<GetPrismaClientConfig['compilerWasm']>;

// @types/node 20 does not declare the WebAssembly global; this is the part of it used here.
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } };

const require = createRequire(import.meta.url);

async function compileFromText(file: string): Promise<object> {
  const text = await readFile(file, 'utf8');
  const base64 = /"([A-Za-z0-9+/=]+)"/.exec(text)?.[1];
  if (base64 === undefined) throw new Error(`${file} holds no WebAssembly in base64`);
  return new Wasm.Module(Buffer.from(base64, 'base64'));
}

/**
 * Makes `client` compile the query compiler from the base64 file read as text. Prisma compiles it once
 * per process and provider, at the first query of the first client, from that client's engine
 * configuration (`_engineConfig.compilerWasm`, an object every client of the generated class shares,
 * so it is replaced, not changed). test/query-compiler.test.ts checks that Prisma still reads it there.
 */
export function loadCompilerFromText(client: PrismaClient): PrismaClient {
  const engineConfig = (client as unknown as { _engineConfig: { activeProvider: string; compilerWasm: CompilerWasm } })._engineConfig;
  const { compilerWasm, activeProvider } = engineConfig;
  // importName "./query_compiler_small_bg.js" → query_compiler_small_bg.postgresql.wasm-base64.js, the CommonJS twin of the .mjs
  const name = compilerWasm.importName.replace(/^\.\//, '').replace(/\.js$/, '');
  const file = require.resolve(`@prisma/client/runtime/${name}.${activeProvider}.wasm-base64.js`);
  engineConfig.compilerWasm = { ...compilerWasm, getQueryCompilerWasmModule: () => compileFromText(file) };
  return client;
}
