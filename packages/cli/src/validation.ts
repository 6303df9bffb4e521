// Checks a value against a contract schema before anything is sent, and turns TypeBox's errors into
// one readable line per field, named the way the user wrote it (a flag or a path in a file).
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

export interface FieldProblem {
  /** A JSON pointer into the value, e.g. /keyFeatures/0 */
  path: string;
  message: string;
}

interface TypeBoxError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

const FORMAT_NAMES: Record<string, string> = { uuid: 'a UUID', email: 'an email address', 'date-time': 'an ISO date-time' };

/** The sub-schema a schemaPath such as `#/properties/price/anyOf/0` points at. */
function schemaAt(schema: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}

function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function describe(schema: TSchema, value: unknown, error: TypeBoxError, siblings: TypeBoxError[]): string {
  // An array item's rule is often described on the array ("e.g. 18-25, 26-35").
  const described = [error.schemaPath, error.schemaPath.replace(/\/items$/, '')]
    .map((p) => schemaAt(schema, p)?.description)
    .find((d): d is string => typeof d === 'string');
  const hint = described ? ` (${described})` : '';
  switch (error.keyword) {
    case 'anyOf': {
      const allowed = siblings.filter((e) => e.keyword === 'const').map((e) => String(e.params.allowedValue));
      if (allowed.length) return `must be one of ${allowed.join(', ')}`;
      return `has an invalid value${hint}`;
    }
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'format':
      return `must be ${FORMAT_NAMES[String(error.params.format)] ?? `in ${String(error.params.format)} format`}`;
    case 'pattern': {
      const text = valueAt(value, error.instancePath);
      if (typeof text === 'string' && text.trim() === '') return 'must not be blank';
      return `has an invalid format${hint}`;
    }
    case 'minLength':
      return error.params.limit === 1 ? 'must not be empty' : error.message;
    case 'uniqueItems':
      return 'must not repeat a value';
    default:
      return error.message;
  }
}

/** Every problem of `value` against `schema`, one per field (the clearest message for that field). */
export function fieldProblems(schema: TSchema, value: unknown): FieldProblem[] {
  const errors = [...Value.Errors(schema, value)] as unknown as TypeBoxError[];
  const problems = new Map<string, string>();
  for (const error of errors) {
    if (error.keyword === 'required') {
      for (const name of (error.params.requiredProperties as string[] | undefined) ?? []) {
        problems.set(`${error.instancePath}/${name}`, 'is required');
      }
      continue;
    }
    if (error.keyword === 'additionalProperties') {
      for (const name of (error.params.additionalProperties as string[] | undefined) ?? []) {
        problems.set(`${error.instancePath}/${name}`, 'is not a known field');
      }
      continue;
    }
    // Branch errors of a union are summed up by its anyOf error; the `false` schema of an unknown
    // property by additionalProperties.
    if (error.keyword === 'boolean' || /\/anyOf\/\d+$/.test(error.schemaPath)) continue;
    const siblings = errors.filter((e) => e.instancePath === error.instancePath && e.schemaPath.startsWith(`${error.schemaPath}/anyOf/`));
    if (error.keyword === 'anyOf' || !problems.has(error.instancePath)) {
      problems.set(error.instancePath, describe(schema, value, error, siblings));
    }
  }
  return [...problems].map(([path, message]) => ({ path, message }));
}

/** `/keyFeatures/0` → `keyFeatures[0]`; the way a person reads a path in a JSON file. */
export function jsonPathLabel(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/** Lines such as `  - price: has an invalid format (…)`, labelled by `label(path)`. */
export function formatProblems(problems: FieldProblem[], label: (path: string) => string = jsonPathLabel): string {
  return problems.map((problem) => `  - ${label(problem.path)}: ${problem.message}`).join('\n');
}
