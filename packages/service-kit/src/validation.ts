// Two validators: bodies are strict (no type coercion, no silent field removal) so a wrong-typed
// field is an error; querystrings and params coerce, since they arrive as strings.
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function buildAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: false, ...options });
  (addFormats as unknown as (ajv: Ajv) => Ajv)(ajv);
  return ajv;
}

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = buildAjv({ coerceTypes: false, removeAdditional: false });
  const coercing = buildAjv({ coerceTypes: 'array', removeAdditional: false });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
