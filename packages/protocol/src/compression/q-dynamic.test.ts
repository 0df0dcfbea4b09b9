import { describe, expect, it } from 'vitest';
import { createDynamicQuantizer } from './q-dynamic';
import { roundTrip, seededRandom } from './test-support';

const bitsOf = (bytes: Uint8Array): number => bytes[0]!;

function relativeError(values: Float64Array, decoded: Float64Array): number {
  let error = 0;
  let norm = 0;
  values.forEach((v, i) => {
    error += (decoded[i]! - v) ** 2;
    norm += v * v;
  });
  return Math.sqrt(error / norm);
}

describe("'q-dynamic': bits per message within an error budget", () => {
  const spread = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) * 3);
  // Two extremes among many small values: the range is huge next to the energy.
  const outlier = Float64Array.from({ length: 1000 }, (_, i) => (i === 17 ? 1 : i === 400 ? -1 : 0.001 * Math.cos(i)));

  it('spends few bits on a spread-out vector, more on a heavy-tailed one, none on a constant one', () => {
    const q = createDynamicQuantizer(0.05);
    const random = seededRandom(2);
    const spreadBits = bitsOf(roundTrip(q, spread, random).bytes);
    const outlierBits = bitsOf(roundTrip(q, outlier, random).bytes);
    expect(spreadBits).toBeLessThanOrEqual(8);
    expect(outlierBits).toBeGreaterThan(spreadBits);
    expect(bitsOf(roundTrip(q, Float64Array.from([4, 4, 4]), random).bytes)).toBe(0);
  });

  it('a looser budget never uses more bits, and the measured error stays within each budget', () => {
    const random = seededRandom(9);
    let previousBits = 17;
    for (const budget of [0.001, 0.01, 0.05, 0.2]) {
      const q = createDynamicQuantizer(budget);
      for (const values of [spread, outlier]) {
        const { bytes, decoded } = roundTrip(q, values, random);
        if (values === spread) {
          expect(bitsOf(bytes)).toBeLessThanOrEqual(previousBits);
          previousBits = bitsOf(bytes);
        }
        // The budget bounds the expected error; one draw stays well inside twice the bound.
        if (bitsOf(bytes) < 16) expect(relativeError(values, decoded)).toBeLessThan(2 * budget);
      }
    }
    expect(previousBits).toBeLessThan(8);
  });

  it('refuses a non-positive budget', () => {
    expect(() => createDynamicQuantizer(0)).toThrow(RangeError);
  });
});
