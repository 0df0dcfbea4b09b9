import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topKIndices } from './select';

/** Reference: sort indices by |value| descending, ties by index, keep k, sort by index. */
function reference(values: readonly number[], k: number): number[] {
  return values
    .map((v, i) => ({ m: Math.abs(v), i }))
    .sort((a, b) => b.m - a.m || a.i - b.i)
    .slice(0, Math.max(0, k))
    .map((e) => e.i)
    .sort((a, b) => a - b);
}

describe('topKIndices', () => {
  it('matches a sort-based reference, with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 80 }), fc.integer({ min: -1, max: 90 }), (raw, k) => {
        expect(Array.from(topKIndices(raw, k))).toEqual(reference(raw, k));
      }),
      { seed: 21, numRuns: 400 },
    );
  });

  it('matches the reference on continuous values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 200 }), fc.nat(200), (raw, k) => {
        expect(Array.from(topKIndices(raw, k))).toEqual(reference(raw, k));
      }),
      { seed: 22, numRuns: 200 },
    );
  });
});
