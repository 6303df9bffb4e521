import { type Static, type TEnum, type TSchema, type TSchemaOptions, Type } from 'typebox';

/**
 * Text a person typed, within its column's length: at least one visible character, and no NUL
 * (PostgreSQL text cannot store it, so it would fail as a 500 instead of a 400).
 */
export const Text = (maxLength: number, options: { description?: string } = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '^\\s*[^\\s\\u0000][^\\u0000]*$', ...options });

const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * `schema` or null. A string, number, integer or boolean becomes one schema with `type: [type, 'null']`
 * rather than an `anyOf`: a response serialiser (fast-json-stringify) runs Ajv on every branch of an
 * `anyOf` to pick how to write it, but a list of types it tells apart with `typeof`. Both accept the
 * same values; OpenAPI 3.0 documents both as `nullable: true`.
 */
export const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) => {
  const { type } = schema as { type?: unknown };
  const primitive = typeof type === 'string' && PRIMITIVE_TYPES.has(type);
  return Type.Unsafe<Static<T> | null>(
    primitive ? { ...schema, ...options, type: [type, 'null'] } : Type.Union([schema, Type.Null()], options),
  );
};

/**
 * One of these strings, as a string `enum`: the same values as a union of literals, but checked in
 * one step, where a response serialiser would run Ajv on each literal of the union's `anyOf`.
 */
export const StringEnum = <const T extends readonly [string, ...string[]]>(values: T, options: TSchemaOptions = {}): TEnum<[...T]> =>
  Type.Enum<[...T]>([...values], { ...options, type: 'string' });
