// Prisma's own WebAssembly schema engine, used to write migration SQL (and by the drift test)
// on machines where the native engine cannot be downloaded. It connects to DATABASE_URL even
// to diff, so a database must be up.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

export const SCHEMA_PATH = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));

// @types/node 20 does not declare the WebAssembly global; this is the part of it used here.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: WasmApi };

let initialised = false;
async function initWasm(): Promise<void> {
  if (initialised) return;
  const entry = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const wasmPath = path.join(path.dirname(entry), 'schema_engine_bg.wasm');
  const instance = new Wasm.Instance(new Wasm.Module(await readFile(wasmPath)), { './schema_engine_bg.js': bg });
  const exports = instance.exports as unknown as { __wbindgen_start: () => void };
  (bg as unknown as { __wbg_set_wasm: (e: unknown) => void }).__wbg_set_wasm(instance.exports);
  exports.__wbindgen_start();
  initialised = true;
}

/** SQL that turns a database matching `fromSchema` (or an empty one) into one matching `toSchema`. */
export async function diffSchemas(options: {
  databaseUrl: string;
  fromSchema: string | null;
  toSchema: string;
}): Promise<string> {
  await initWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: options.databaseUrl }));
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, options.toSchema]] } as never,
    () => {},
    adapter as never,
  );
  try {
    const files = (content: string) => [{ path: SCHEMA_PATH, content }];
    const result = await engine.diff({
      from: options.fromSchema === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: files(options.fromSchema) },
      to: { tag: 'schemaDatamodel', files: files(options.toSchema) },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    } as never);
    return (result as { stdout: string }).stdout;
  } finally {
    engine.free();
  }
}
