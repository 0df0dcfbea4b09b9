import { describe, expect, it } from 'vitest';
import { createTopK, decodeTopK } from './topk';
import { rejectionOf, roundTrip, seededRandom } from './test-support';

describe("'topk'", () => {
  it('keeps exactly the k largest magnitudes as float32 and zeroes the rest', () => {
    const values = Float64Array.from([0.5, -9, 3, 0.1, 7.25, -0.2, 8, 1]);
    const { decoded, bytes } = roundTrip(createTopK(3 / 8), values, seededRandom(1));
    expect(Array.from(decoded)).toEqual([0, -9, 0, 0, 7.25, 0, 8, 0]);
    expect(bytes.length).toBe(4 + 3 * (2 + 4));
  });

  it('rounds kept values to float32 and skips zeros among the top k', () => {
    const { decoded, bytes } = roundTrip(createTopK(0.5), Float64Array.from([0.1, 0, 0, 0]), seededRandom(1));
    expect(Array.from(decoded)).toEqual([Math.fround(0.1), 0, 0, 0]);
    expect(bytes.length).toBe(4 + 6);
  });

  it('switches to u32 indices above 65536 values', () => {
    const values = new Float64Array(70_000);
    values[69_999] = 2;
    const { decoded, bytes } = roundTrip(createTopK(1 / 70_000), values, seededRandom(1));
    expect(bytes.length).toBe(4 + 4 + 4);
    expect(decoded[69_999]).toBe(2);
  });

  it('refuses counts, lengths and indices a sender could not produce', () => {
    const good = createTopK(0.5).encode(Float64Array.from([5, 1, 9, 2]), seededRandom(1)).bytes; // indices 0, 2
    expect(rejectionOf(decodeTopK(good, 4))).toBe('accepted');
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.length);
    const tooMany = good.slice();
    view(tooMany).setUint32(0, 9, true);
    expect(rejectionOf(decodeTopK(tooMany, 4))).toBe('bad-header');
    expect(rejectionOf(decodeTopK(good.subarray(0, 9), 4))).toBe('bad-length');
    const unsorted = good.slice();
    view(unsorted).setUint16(4, 2, true);
    view(unsorted).setUint16(6, 0, true);
    expect(rejectionOf(decodeTopK(unsorted, 4))).toBe('bad-index');
    const repeated = good.slice();
    view(repeated).setUint16(6, 0, true);
    expect(rejectionOf(decodeTopK(repeated, 4))).toBe('bad-index');
    const outside = good.slice();
    view(outside).setUint16(6, 4, true);
    expect(rejectionOf(decodeTopK(outside, 4))).toBe('bad-index');
    const infinite = good.slice();
    view(infinite).setFloat32(12, Infinity, true);
    expect(rejectionOf(decodeTopK(infinite, 4))).toBe('non-finite');
  });
});
