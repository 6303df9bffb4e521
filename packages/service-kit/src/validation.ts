// Two validators: bodies are strict (no type coercion, no silent field removal) so a wrong-typed
// field is an error; querystrings and params coerce, since they arrive as strings.
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function buildAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: false, ...options });
  (addFormats as unknown as (ajv: Ajv) => Ajv)(ajv);
  return ajv;
}

/**
 * Each validator is compiled at its route's first request (see createApp). Fastify reads the
 * compiled function's `schemaEnv` before calling it and its `errors` after; both read through.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = buildAjv({ coerceTypes: false, removeAdditional: false });
  const coercing = buildAjv({ coerceTypes: 'array', removeAdditional: false });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    let validate: ValidateFunction | undefined;
    const compiled = () => (validate ??= ajv.compile(schema as object));
    const lazy = (data: unknown, context?: object) => compiled()(data, context as never);
    Object.defineProperty(lazy, 'schemaEnv', { get: () => compiled().schemaEnv });
    Object.defineProperty(lazy, 'errors', { get: () => compiled().errors });
    return lazy as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
