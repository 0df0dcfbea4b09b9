import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allFinite, firstNonFinite, rangeFinite } from './finite';

const special = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
const element = fc.oneof({ weight: 20, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }) }, { weight: 1, arbitrary: special });

describe('finiteness checks', () => {
  it('rangeFinite agrees with Number.isFinite on every sub-range, for f32 and f64', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 70 }), fc.nat(), fc.nat(), fc.boolean(), (items, x, y, wide) => {
        const values = wide ? Float64Array.from(items) : Float32Array.from(items);
        const from = x % (values.length + 1);
        const to = from + (y % (values.length - from + 1));
        const expected = Array.from(values.subarray(from, to)).every(Number.isFinite);
        expect(rangeFinite(values, from, to)).toBe(expected);
        expect(allFinite(values)).toBe(Array.from(values).every(Number.isFinite));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a value that becomes infinite only in float32, and reports the first bad index', () => {
    const values = Float32Array.from([1, 2, 1e39, Number.NaN]); // 1e39 overflows float32 to Infinity
    expect(rangeFinite(values, 0, 2)).toBe(true);
    expect(rangeFinite(values, 2, 3)).toBe(false);
    expect(firstNonFinite(values)).toBe(2);
  });
});
