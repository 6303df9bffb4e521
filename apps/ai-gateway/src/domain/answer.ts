// Turning a model's text into a validated value: strip code fences and chatter, parse the JSON,
// coerce harmless differences ("7" for 7), drop unknown fields, and say precisely what is wrong
// otherwise, in words the model can act on when the reason is sent back to it.
import type { Static, TProperties, TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';

export type Accepted<T> = { ok: true; value: T } | { ok: false; reason: string };

const FENCE = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)(?:```|$)/;

/** The first complete JSON object or array in the text, ignoring fences and words around it. */
export function extractJsonText(text: string): Accepted<string> {
  if (text.trim() === '') return { ok: false, reason: 'the answer was empty' };
  const fenced = FENCE.exec(text);
  const body = fenced?.[1] !== undefined && /[[{]/.test(fenced[1]) ? fenced[1] : text;
  const start = body.search(/[[{]/);
  if (start === -1) return { ok: false, reason: 'the answer contains no JSON object or array' };
  const end = matchingClose(body, start);
  if (end === -1) return { ok: false, reason: 'the JSON is incomplete: it ends before its closing bracket' };
  return { ok: true, value: body.slice(start, end + 1) };
}

/** Index of the bracket that closes the one at `start`, skipping brackets inside strings; -1 if none. */
function matchingClose(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function parseJsonAnswer(text: string): Accepted<unknown> {
  const extracted = extractJsonText(text);
  if (!extracted.ok) return extracted;
  try {
    return { ok: true, value: JSON.parse(extracted.value) };
  } catch (error) {
    return { ok: false, reason: `the answer is not valid JSON (${(error as Error).message})` };
  }
}

/** Models often wrap a list in an object (`{"personas": [...]}`) or a single object in a list. */
function unwrap(value: unknown, expects: 'array' | 'object'): unknown {
  if (expects === 'array' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const lists = Object.values(value).filter(Array.isArray);
    if (lists.length === 1) return lists[0];
  }
  if (expects === 'object' && Array.isArray(value) && value.length === 1) return value[0];
  return value;
}

/** The schema an operation's answer must match, compiled once, and whether it is a list or an object. */
export interface AnswerFormat<S extends TSchema> {
  validator: Validator<TProperties, S>;
  expects: 'array' | 'object';
}

export function answerFormat<S extends TSchema>(schema: S, expects: 'array' | 'object'): AnswerFormat<S> {
  return { validator: Compile(schema), expects };
}

const MAX_REASONS = 5;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Parses and validates the answer against the operation's schema. */
export function acceptAnswer<S extends TSchema>(text: string, format: AnswerFormat<S>): Accepted<Static<S>> {
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) return parsed;
  const value = unwrap(parsed.value, format.expects);
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (format.expects === 'array' ? !Array.isArray(value) : !isObject) {
    return { ok: false, reason: `expected a JSON ${format.expects}, got ${describe(value)}` };
  }
  // Most answers are right as they are; converting and cleaning is only for those that are not.
  // Unknown fields of a valid answer are dropped by the route's response schema.
  if (format.validator.Check(value)) return { ok: true, value };
  const candidate = format.validator.Clean(format.validator.Convert(value));
  if (format.validator.Check(candidate)) return { ok: true, value: candidate as Static<S> };
  const reasons = format.validator
    .Errors(candidate)
    .slice(0, MAX_REASONS)
    .map((error) => `${error.instancePath || '(root)'} ${error.message}`);
  return { ok: false, reason: `the JSON does not match the required format: ${reasons.join('; ')}` };
}
