import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Q8_HEADER_BYTES } from './layout';
import { decodeQ8, encodeQ8Into } from './quantize8';
import { seededRandom } from './test-support';

function quantize(values: Float32Array | Float64Array, random?: () => number): Float32Array {
  const bytes = new Uint8Array(Q8_HEADER_BYTES + values.length);
  encodeQ8Into(values, bytes, random);
  const decoded = decodeQ8(bytes);
  if (!(decoded instanceof Float32Array)) throw new Error(`unexpected rejection ${decoded.reason}`);
  return decoded;
}

function rangeStep(values: ArrayLike<number>): number {
  const list = Array.from(values);
  return list.length === 0 ? 0 : (Math.max(...list) - Math.min(...list)) / 255;
}

describe('q8 quantization', () => {
  it('stays within one step (stochastic) and half a step (nearest) of every value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 300 }), fc.integer(), (list, seed) => {
        const values = Float64Array.from(list);
        const step = rangeStep(values);
        const slack = 1e-6 * (1 + Math.max(0, ...list.map(Math.abs))); // float32 rounding of min/step/result
        const stochastic = quantize(values, seededRandom(seed));
        const nearest = quantize(values);
        expect(stochastic.length).toBe(values.length);
        let worstStochastic = 0;
        let worstNearest = 0;
        for (let i = 0; i < values.length; i++) {
          worstStochastic = Math.max(worstStochastic, Math.abs(stochastic[i]! - values[i]!));
          worstNearest = Math.max(worstNearest, Math.abs(nearest[i]! - values[i]!));
        }
        expect(worstStochastic).toBeLessThanOrEqual(step + slack);
        expect(worstNearest).toBeLessThanOrEqual(step / 2 + slack);
      }),
      { numRuns: 200 },
    );
  });

  it('is unbiased in expectation with stochastic rounding', () => {
    const values = Float32Array.from([0, 1, 0.3, 0.77, 0.001, 0.5, 0.999, 0.123456]);
    const random = seededRandom(7);
    const trials = 4000;
    const sums = new Float64Array(values.length);
    for (let t = 0; t < trials; t++) {
      const decoded = quantize(values, random);
      for (let i = 0; i < values.length; i++) sums[i]! += decoded[i]!;
    }
    const step = 1 / 255;
    // Each decoded value is x plus a zero-mean error bounded by one step: the mean's standard error is
    // below step / (2√trials); allow 5 of them.
    const tolerance = (5 * step) / (2 * Math.sqrt(trials));
    for (let i = 0; i < values.length; i++) expect(Math.abs(sums[i]! / trials - values[i]!)).toBeLessThan(tolerance);
    // Round-to-nearest is biased on the same data, which is what the stochastic mode is for.
    const nearest = quantize(values);
    expect(Math.abs(nearest[2]! - values[2]!)).toBeGreaterThan(tolerance);
  });

  it('reproduces a constant vector and an empty vector exactly', () => {
    expect(Array.from(quantize(new Float32Array([2.5, 2.5, 2.5]), seededRandom(1)))).toEqual([2.5, 2.5, 2.5]);
    expect(quantize(new Float32Array(0)).length).toBe(0);
  });

  it('marks non-finite input so the receiver rejects it', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const bytes = new Uint8Array(Q8_HEADER_BYTES + 3);
      encodeQ8Into(Float32Array.from([1, bad, 2]), bytes);
      const decoded = decodeQ8(bytes);
      expect(decoded instanceof Float32Array ? 'accepted' : decoded.reason).toBe('non-finite');
    }
  });

  it('rejects a range whose top overflows float32, and a payload without a header', () => {
    const bytes = new Uint8Array(Q8_HEADER_BYTES + 1);
    const header = new DataView(bytes.buffer);
    header.setFloat32(0, 3e38, true);
    header.setFloat32(4, 1e37, true);
    const overflow = decodeQ8(bytes);
    expect(overflow instanceof Float32Array ? 'accepted' : overflow.reason).toBe('non-finite');
    const short = decodeQ8(new Uint8Array(5));
    expect(short instanceof Float32Array ? 'accepted' : short.reason).toBe('bad-length');
  });
});
