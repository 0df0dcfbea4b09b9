import { describe, expect, it } from 'vitest';
import { swapBytes } from './endian';
import { allFinite } from './finite';
import { decodeVector, encodeVector, type Vector } from './payload';
import { sampleVector } from './test-support';

function decodeOk(payload: Uint8Array, dtype: Parameters<typeof decodeVector>[1]): Vector {
  const decoded = decodeVector(payload, dtype);
  if (!(decoded instanceof Float32Array || decoded instanceof Float64Array)) throw new Error(decoded.detail);
  return decoded;
}

describe('payload encoding', () => {
  it('encodes f32 from a Float32Array (and f64 from a Float64Array) as a view, without copying', () => {
    const f32 = sampleVector(10, 1) as Float32Array;
    const bytes = encodeVector(f32, 'f32');
    expect(bytes.buffer).toBe(f32.buffer);
    expect(bytes.byteLength).toBe(40);
    const f64 = sampleVector(10, 2, 10, Float64Array);
    expect(encodeVector(f64, 'f64').buffer).toBe(f64.buffer);
  });

  it('converts between precisions: f64 → f32 rounds, f32 → f64 is exact', () => {
    const f64 = Float64Array.from([0.1, -1e-3, 12345.678]);
    expect(Array.from(decodeOk(encodeVector(f64, 'f32'), 'f32'))).toEqual(Array.from(f64, Math.fround));
    const f32 = Float32Array.from([0.1, -1e-3]);
    expect(Array.from(decodeOk(encodeVector(f32, 'f64'), 'f64'))).toEqual(Array.from(f32));
  });

  it('decodes aligned payloads as views and misaligned ones through one copy, with the same values', () => {
    const values = sampleVector(33, 3, 10, Float64Array);
    const payload = encodeVector(values, 'f64');
    const aligned = decodeOk(payload, 'f64');
    expect(aligned.buffer).toBe(payload.buffer);
    const shifted = new Uint8Array(payload.length + 3);
    shifted.set(payload, 3);
    const misaligned = decodeOk(shifted.subarray(3), 'f64');
    expect(misaligned.buffer).not.toBe(shifted.buffer);
    expect(Array.from(misaligned)).toEqual(Array.from(values));
    const halfShifted = new Uint8Array(67);
    halfShifted.set(encodeVector(values, 'f16'), 1);
    expect(decodeOk(halfShifted.subarray(1), 'f16').length).toBe(33);
  });

  it('rejects lengths that do not hold whole values', () => {
    expect(decodeVector(new Uint8Array(6), 'f32')).toMatchObject({ ok: false, reason: 'bad-length' });
    expect(decodeVector(new Uint8Array(12), 'f64')).toMatchObject({ ok: false, reason: 'bad-length' });
    expect(decodeVector(new Uint8Array(3), 'f16')).toMatchObject({ ok: false, reason: 'bad-length' });
    expect(decodeVector(new Uint8Array(7), 'q8')).toMatchObject({ ok: false, reason: 'bad-length' });
  });

  it('rejects NaN and ±Inf in every dtype as non-finite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const dtype of ['f32', 'f64', 'f16', 'q8'] as const) {
        const values = Float64Array.from([1, 2, 3, 4, 5, bad, 7]);
        expect(decodeVector(encodeVector(values, dtype), dtype), `${dtype} ${bad}`).toMatchObject({ ok: false, reason: 'non-finite' });
      }
    }
    // f16 overflow on the sender side also becomes Inf, and is refused the same way.
    expect(decodeVector(encodeVector(Float32Array.from([1e6]), 'f16'), 'f16')).toMatchObject({ reason: 'non-finite' });
  });
});

describe('allFinite', () => {
  it('finds a single non-finite value at any position, including the unrolled tail', () => {
    for (let length = 1; length <= 9; length++) {
      for (let at = 0; at < length; at++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const values = new Float32Array(length).fill(-0.5);
          expect(allFinite(values)).toBe(true);
          values[at] = bad;
          expect(allFinite(values)).toBe(false);
        }
      }
    }
    expect(allFinite(new Float64Array(0))).toBe(true);
    expect(allFinite(Float64Array.from([Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324]))).toBe(true);
  });
});

describe('swapBytes', () => {
  it('reverses each element', () => {
    expect(Array.from(swapBytes(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 4))).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    expect(Array.from(swapBytes(Uint8Array.from([1, 2, 3, 4]), 2))).toEqual([2, 1, 4, 3]);
  });
});
