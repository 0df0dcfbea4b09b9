import { describe, expect, it } from 'vitest';
import { sameElements, sampleVector } from '../test-support';
import { stagedCopyFinite, stagingArea } from './staged-copy';
import { WASM_PAGE_BYTES } from './wasm-api';

const stage = stagingArea()!;

function bytesOf(values: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

describe('stagedCopyFinite', () => {
  for (const Type of [Float32Array, Float64Array]) {
    it(`${Type.name}: copies chunks of up to several pages exactly where asked, and finds NaN/±Inf in any page`, () => {
      for (const length of [1, 3, 5, 4095, 16_384, 40_001]) {
        const values = sampleVector(length, length, 10, Type);
        const target = new Uint8Array(values.byteLength + 64).fill(7);
        expect(stagedCopyFinite(stage, target, 32, bytesOf(values), values)).toBe(true);
        expect(sameElements(target.subarray(32, 32 + values.byteLength), bytesOf(values))).toBe(true);
        expect(target[31]).toBe(7);
        expect(target[32 + values.byteLength]).toBe(7);
        for (const position of [0, length >> 1, length - 1]) {
          for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
            const poisoned = values.slice();
            poisoned[position] = bad;
            expect(stagedCopyFinite(stage, target, 0, bytesOf(poisoned), poisoned), `length ${length}: ${bad} at ${position}`).toBe(false);
          }
        }
      }
      expect(40_001 * Type.BYTES_PER_ELEMENT).toBeGreaterThan(2 * WASM_PAGE_BYTES); // the last case spans pages
    });
  }

  it('a NaN left in the staging page by an earlier chunk does not condemn a later, shorter one', () => {
    const poisoned = Float32Array.of(1, 2, Number.NaN, 4, 5, 6, 7, 8);
    const target = new Uint8Array(64);
    expect(stagedCopyFinite(stage, target, 0, bytesOf(poisoned), poisoned)).toBe(false);
    const clean = Float32Array.of(1, 2);
    expect(stagedCopyFinite(stage, target, 0, bytesOf(clean), clean)).toBe(true);
  });
});
