import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeHalfInto, encodeHalfInto, halfBitsToNumber, toHalfBits } from './float16';

describe('float16', () => {
  it('encodes reference values, including ties to even, subnormals, overflow and specials', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff], // largest finite half
      [65519.99, 0x7bff], // still rounds down
      [65520, 0x7c00], // tie at the top rounds to Inf
      [1e6, 0x7c00],
      [-Infinity, 0xfc00],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // tie between 0 and the smallest subnormal: even is 0
      [3 * 2 ** -25, 0x0002], // tie between 1 and 2 subnormal units: even is 2
      [1 + 2 ** -11, 0x3c00], // tie: mantissa 0 is even
      [1 + 3 * 2 ** -11, 0x3c02], // tie: mantissa 1 is odd, round up
      [1 + 2 ** -10, 0x3c01],
      [0.1, 0x2e66],
    ];
    for (const [value, bits] of cases) expect(toHalfBits(value), `value ${value}`).toBe(bits);
    expect(toHalfBits(NaN) & 0x7c00).toBe(0x7c00);
    expect(toHalfBits(NaN) & 0x3ff).not.toBe(0);
  });

  it('round-trips every one of the 65536 non-NaN half bit patterns exactly', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const decoded = new Float32Array(65536);
    decodeHalfInto(all, decoded);
    const reencoded = new Uint16Array(65536);
    encodeHalfInto(decoded, reencoded);
    const mismatches: string[] = [];
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      const ok = isNaN ? Number.isNaN(decoded[h]) : reencoded[h] === h;
      if (!ok) mismatches.push(`0x${h.toString(16)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('rounds any float32 in range to the nearest half (never a farther neighbour)', () => {
    fc.assert(
      fc.property(fc.float({ min: -65504, max: 65504, noNaN: true }), (x) => {
        const h = toHalfBits(x);
        const error = Math.abs(halfBitsToNumber(h) - x);
        const magnitude = h & 0x7fff;
        // Neighbours on the same sign side (the encoding is monotonic in magnitude).
        for (const neighbour of [magnitude - 1, magnitude + 1]) {
          if (neighbour < 0 || neighbour > 0x7bff) continue;
          const other = halfBitsToNumber((h & 0x8000) | neighbour);
          expect(error).toBeLessThanOrEqual(Math.abs(other - x));
        }
        expect(error).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25));
      }),
      { numRuns: 2000 },
    );
  });
});
