// A vector packed into one string and back: exact for every finite 64-bit float, and a text that is not
// a packed vector is refused rather than read as one.
import { describe, expect, it } from 'vitest';

import { packFloat32Vector, packVector, unpackFloat32Vector, unpackVector } from '../src/packed-vector.js';

describe('a packed vector', () => {
  it('comes back bit for bit, whatever its values', () => {
    const vector = [0.1 + 0.2, -1e-300, 1 / 3, 5e-324, 1 - 2 ** -52, -0, Number.MAX_VALUE, -123456.789];
    const packed = packVector(vector);
    expect(unpackVector(packed)).toStrictEqual(vector);
    expect(Object.is(unpackVector(packed)![5], -0)).toBe(true);
  });

  it('is 8 little-endian bytes per value, in base64', () => {
    // 1.0 is 0x3FF0000000000000: little-endian its last two bytes are F0 3F.
    expect(packVector([1])).toBe(Buffer.from([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]).toString('base64'));
    expect(packVector([1, 2])).toHaveLength(24);
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not base64!!'],
    ['base64 of a part of a float', Buffer.from([1, 2, 3, 4]).toString('base64')],
    ['base64 of a float and a part', Buffer.alloc(12).toString('base64')],
    ['base64 without its padding', Buffer.alloc(16).toString('base64').slice(0, -2)],
    ['a value that is not a number', Buffer.from(new Float64Array([1, Number.NaN]).buffer).toString('base64')],
    ['an infinite value', Buffer.from(new Float64Array([Number.POSITIVE_INFINITY]).buffer).toString('base64')],
  ])('is refused when the text is %s', (_, text) => {
    expect(unpackVector(text)).toBeUndefined();
  });
});

describe('a vector packed by a provider (32-bit floats)', () => {
  const asProvider = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');

  it('reads each value as the 32-bit float it is', () => {
    // 0.1 has no exact 32-bit float: the nearest is 0.100000001490116...
    expect(unpackFloat32Vector(asProvider([0.1, -0.5, 1]))).toStrictEqual([Math.fround(0.1), -0.5, 1]);
    expect(unpackFloat32Vector(asProvider([0.1, -0.5, 1]))![0]).toBe(0.10000000149011612);
  });

  it('is 4 little-endian bytes per value', () => {
    // 1.0 is 0x3F800000: little-endian 00 00 80 3F.
    expect(unpackFloat32Vector(Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'))).toStrictEqual([1]);
    // The same 8 bytes are one 64-bit float or two 32-bit ones.
    expect(unpackFloat32Vector(Buffer.alloc(8).toString('base64'))).toStrictEqual([0, 0]);
  });

  it('is written back by packFloat32Vector, byte for byte as the provider sent it', () => {
    const sent = asProvider([0.1, -0.5, 1, 3.4e38, 1e-45]);
    expect(packFloat32Vector(unpackFloat32Vector(sent)!)).toBe(sent);
    expect(Object.is(unpackFloat32Vector(packFloat32Vector([-0])!)![0], -0)).toBe(true);
  });

  it('is not written for a vector with a value that no 32-bit float holds exactly', () => {
    expect(packFloat32Vector([0.5, 0.1])).toBeUndefined();
    expect(packFloat32Vector([1e-300])).toBeUndefined();
    expect(packFloat32Vector([Number.NaN])).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['base64 of a part of a float', Buffer.from([1, 2]).toString('base64')],
    ['base64 of a float and a part', Buffer.alloc(6).toString('base64')],
    ['a value that is not a number', asProvider([1, Number.NaN])],
    ['an infinite value', asProvider([Number.NEGATIVE_INFINITY])],
  ])('is refused when the text is %s', (_, text) => {
    expect(unpackFloat32Vector(text)).toBeUndefined();
  });
});
