import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { q8Compressor } from './q8';
import { QUANTIZED_HEADER_BYTES } from './quantized';
import { rejectionOf, roundTrip, seededRandom } from './test-support';

describe("'q8' stochastic 8-bit quantization", () => {
  it('stays within one step (≈ range / 255) of every value, in 9 + n bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.nat(), (raw, seed) => {
        const values = Float64Array.from(raw);
        const { decoded, bytes } = roundTrip(q8Compressor, values, seededRandom(seed));
        const constant = raw.every((v) => v === raw[0]);
        expect(bytes.length).toBe(QUANTIZED_HEADER_BYTES + (constant ? 0 : values.length));
        const step = new DataView(bytes.buffer).getFloat32(5, true);
        const min = Math.min(...raw);
        // A constant vector is sent as min alone, rounded down to float32: off by less than one float32 ulp.
        const bound = constant ? 2 ** -23 * Math.abs(min) + 2 ** -149 : step;
        values.forEach((v, i) => expect(Math.abs(decoded[i]! - v)).toBeLessThanOrEqual(bound));
        // The float32 grid widens the range by at most one float32 ulp of min (and rounds the step up).
        const widest = (Math.max(...raw) - min + 2 ** -23 * Math.abs(min) + 2 ** -149) / 255;
        expect(step).toBeLessThanOrEqual(widest * (1 + 2 ** -21) + 2 ** -149);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('is unbiased: the mean of many encodings converges on the value (round-to-nearest would miss by 0.3 step)', () => {
    // 0 and 255 pin the grid to step 1; the other values sit 0.3 and 0.7 of a step between grid points.
    const values = Float64Array.from([0, 255, 10.3, 100.7, 200.3, 0.3]);
    const random = seededRandom(5);
    const trials = 4000;
    const sums = new Float64Array(values.length);
    for (let t = 0; t < trials; t++) {
      const { decoded } = q8Compressor.encode(values, random);
      decoded.forEach((d, i) => (sums[i] = sums[i]! + d));
    }
    // σ of one encoding ≤ step/2 = 0.5, so the mean's σ ≤ 0.5/√4000 ≈ 0.008: 0.04 is five σ.
    values.forEach((v, i) => expect(Math.abs(sums[i]! / trials - v)).toBeLessThan(0.04));
  });

  it('sends a constant vector as its header alone: exact for a float32 value, rounded down otherwise', () => {
    const exact = roundTrip(q8Compressor, Float64Array.from([0.5, 0.5, 0.5]), seededRandom(1));
    expect(exact.bytes.length).toBe(QUANTIZED_HEADER_BYTES);
    expect(Array.from(exact.decoded)).toEqual([0.5, 0.5, 0.5]);
    const { decoded } = roundTrip(q8Compressor, Float64Array.from([0.1, 0.1]), seededRandom(1));
    expect(decoded[0]).toBe(decoded[1]);
    expect(decoded[0]).toBeLessThanOrEqual(0.1);
    expect(0.1 - decoded[0]!).toBeLessThan(1e-8);
  });

  it('refuses impossible headers and lengths', () => {
    const good = q8Compressor.encode(Float64Array.from([1, 2, 3]), seededRandom(1)).bytes;
    expect(rejectionOf(q8Compressor.decode(good, 4))).toBe('bad-length');
    expect(rejectionOf(q8Compressor.decode(good.subarray(0, 5), 3))).toBe('bad-length');
    const badBits = good.slice();
    badBits[0] = 3;
    expect(rejectionOf(q8Compressor.decode(badBits, 3))).toBe('bad-header');
    const nanMin = good.slice();
    new DataView(nanMin.buffer).setFloat32(1, Number.NaN, true);
    expect(rejectionOf(q8Compressor.decode(nanMin, 3))).toBe('non-finite');
  });
});
