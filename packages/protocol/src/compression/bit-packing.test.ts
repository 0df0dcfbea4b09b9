import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packedBytes, packLevels, unpackLevels, type PackableBits } from './bit-packing';

describe('bit packing', () => {
  it.each([1, 2, 4, 8, 16] as PackableBits[])('round-trips %i-bit levels at any offset, in ⌈n·bits/8⌉ bytes', (bits) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { maxLength: 50 }), fc.nat(3), (raw, offset) => {
        const levels = Uint16Array.from(raw);
        const out = new Uint8Array(offset + packedBytes(levels.length, bits)).fill(0xff);
        packLevels(levels, bits, out, offset);
        expect(Array.from(unpackLevels(out, offset, levels.length, bits))).toEqual(raw);
        // Bytes before the offset are untouched.
        expect(Array.from(out.subarray(0, offset)).every((b) => b === 0xff)).toBe(true);
      }),
      { seed: 3, numRuns: 100 },
    );
  });
});
