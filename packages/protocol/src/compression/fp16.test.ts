import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fp16Compressor } from './fp16';
import { maxAbs, rejectionOf, roundTrip, seededRandom } from './test-support';

describe("'fp16' with a power-of-two scale", () => {
  it('keeps every value within 2^-11 relative (plus a subnormal floor far below the largest), at any magnitude', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: -300, max: 300 }),
        (unit, exponent) => {
          const values = Float64Array.from(unit, (v) => v * 2 ** exponent);
          const { decoded, bytes } = roundTrip(fp16Compressor, values, seededRandom(1));
          expect(bytes.length).toBe(2 + 2 * values.length);
          const floor = 2 ** -38 * maxAbs(values);
          values.forEach((v, i) => expect(Math.abs(decoded[i]! - v)).toBeLessThanOrEqual(2 ** -11 * Math.abs(v) + floor));
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('uses the full mantissa for tiny deltas that plain fp16 would flush to zero', () => {
    const values = Float64Array.from([3e-9, -1e-9, 2e-9]);
    const { decoded } = roundTrip(fp16Compressor, values, seededRandom(1));
    values.forEach((v, i) => expect(Math.abs(decoded[i]! - v) / Math.abs(v)).toBeLessThan(2 ** -10));
  });

  it('encodes a zero vector exactly', () => {
    expect(Array.from(roundTrip(fp16Compressor, new Float64Array(3), seededRandom(1)).decoded)).toEqual([0, 0, 0]);
  });

  it('refuses a wrong length, an absurd exponent and half-precision Inf/NaN', () => {
    expect(rejectionOf(fp16Compressor.decode(new Uint8Array(5), 2))).toBe('bad-length');
    const header = new Uint8Array([0x00, 0x70, 0x00, 0x3c]); // exponent 0x7000
    expect(rejectionOf(fp16Compressor.decode(header, 1))).toBe('bad-header');
    expect(rejectionOf(fp16Compressor.decode(new Uint8Array([0, 0, 0x00, 0x7c]), 1))).toBe('non-finite');
  });
});
