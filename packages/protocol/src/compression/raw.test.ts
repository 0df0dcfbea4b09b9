import { describe, expect, it } from 'vitest';
import { rawCompressor } from './raw';
import { rejectionOf, roundTrip, seededRandom } from './test-support';

describe("'none' (raw f64)", () => {
  it('round-trips exactly, 8 bytes per value', () => {
    const values = Float64Array.from([0, -0.1, 1e300, -5e-324, Math.PI]);
    const encoded = roundTrip(rawCompressor, values, seededRandom(1));
    expect(encoded.bytes.length).toBe(40);
    expect(Array.from(encoded.decoded)).toEqual(Array.from(values));
  });

  it('refuses a wrong length and non-finite values, and a sender that encodes NaN is told so', () => {
    expect(rejectionOf(rawCompressor.decode(new Uint8Array(15), 2))).toBe('bad-length');
    const nan = new Uint8Array(new Float64Array([1, Number.NaN]).buffer);
    expect(rejectionOf(rawCompressor.decode(nan, 2))).toBe('non-finite');
    expect(() => rawCompressor.encode(Float64Array.from([Infinity]), Math.random)).toThrow(RangeError);
  });
});
