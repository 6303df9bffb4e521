import { Type } from 'typebox';

/**
 * Text a person typed, within its column's length: at least one visible character, and no NUL
 * (PostgreSQL text cannot store it, so it would fail as a 500 instead of a 400).
 */
export const Text = (maxLength: number, options: { description?: string } = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '^\\s*[^\\s\\u0000][^\\u0000]*$', ...options });

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, options: { description?: string } = {}) =>
  Type.Union([schema, Type.Null()], options);
