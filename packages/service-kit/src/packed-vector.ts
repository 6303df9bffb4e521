// A vector of numbers as one string: its 64-bit floats, little-endian, in base64 (the contracts'
// `PackedVector`). How the ai-gateway stores embeddings in its response cache and hands a feedback's
// statement embedding to the feedback-service: a real model's vector is 1,536 numbers, and written as
// JSON numbers it cost more than the rest of a result at the platform ceiling (serialising them was the
// gateway's largest cost, parsing them into jsonb PostgreSQL's; issue #17). Exact: every value comes
// back bit for bit, so a statement rated from a cached vector is rated as it was the first time.
// `unpackFloat32Vector` reads the other packing in use: an OpenAI-compatible provider's base64
// embedding (`encoding_format: "base64"`), its 32-bit floats, little-endian; `packFloat32Vector`
// writes it, for a vector whose every value is a 32-bit float (half the bytes, still exact).
import { BASE64_PATTERN } from '@persona-lab/contracts';

const FLOAT_BYTES = 8;
const FLOAT32_BYTES = 4;
const BASE64 = new RegExp(BASE64_PATTERN);

export function packVector(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * FLOAT_BYTES);
  for (let i = 0; i < vector.length; i++) bytes.writeDoubleLE(vector[i]!, i * FLOAT_BYTES);
  return bytes.toString('base64');
}

/** The vector's 32-bit floats, little-endian, in base64; undefined when a value is not exactly a 32-bit float. */
export function packFloat32Vector(vector: readonly number[]): string | undefined {
  const bytes = Buffer.allocUnsafe(vector.length * FLOAT32_BYTES);
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i]!;
    if (Math.fround(value) !== value) return undefined;
    bytes.writeFloatLE(value, i * FLOAT32_BYTES);
  }
  return bytes.toString('base64');
}

/**
 * The vector, or undefined when the text is not one: not base64, not a whole number of floats (or
 * none), or a value that is not finite (a JSON number never is).
 */
export function unpackVector(packed: string): number[] | undefined {
  return unpack(packed, FLOAT_BYTES);
}

/** A provider's base64 embedding as numbers, or undefined as `unpackVector`'s. */
export function unpackFloat32Vector(packed: string): number[] | undefined {
  return unpack(packed, FLOAT32_BYTES);
}

function unpack(packed: string, width: typeof FLOAT32_BYTES | typeof FLOAT_BYTES): number[] | undefined {
  if (!BASE64.test(packed) || packed.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(packed, 'base64');
  if (bytes.length === 0 || bytes.length % width !== 0) return undefined;
  const vector = new Array<number>(bytes.length / width);
  for (let i = 0; i < vector.length; i++) {
    const value = width === FLOAT_BYTES ? bytes.readDoubleLE(i * width) : bytes.readFloatLE(i * width);
    if (!Number.isFinite(value)) return undefined;
    vector[i] = value;
  }
  return vector;
}
