import { describe, expect, it } from 'vitest';
import { CountSketch } from './count-sketch';
import { createSketch, decodeSketch } from './sketch';
import { SketchErrorAccumulator } from './sketch-error-feedback';
import { rejectionOf, roundTrip, seededRandom } from './test-support';

/** 1000 small values (|x| ≤ 0.01) with heavy hitters of magnitude ≥ 50 at `heavy`. */
function withHeavyHitters(heavy: readonly number[], seed: number): Float64Array {
  const random = seededRandom(seed);
  const values = Float64Array.from({ length: 1000 }, () => 0.02 * (random() - 0.5));
  heavy.forEach((index, j) => (values[index] = (j % 2 === 0 ? 1 : -1) * (50 + 10 * j)));
  return values;
}

describe('count sketch', () => {
  it('is linear and estimates a lone coordinate exactly', () => {
    const a = new CountSketch(5, 16, 42);
    const b = new CountSketch(5, 16, 42);
    const both = new CountSketch(5, 16, 42);
    const x = Float64Array.from({ length: 30 }, (_, i) => i - 10);
    const y = Float64Array.from({ length: 30 }, (_, i) => (i * 7) % 5);
    a.add(x);
    b.add(y);
    both.add(x.map((v, i) => v + y[i]!));
    a.table.forEach((v, s) => expect(v + b.table[s]!).toBeCloseTo(both.table[s]!, 12));
    const lone = new CountSketch(3, 8, 1);
    const e = new Float64Array(30);
    e[13] = -4.5;
    lone.add(e);
    expect(lone.estimate(13)).toBe(-4.5);
  });
});

describe("'sketch' codec: count sketch + top-k recovery", () => {
  it('recovers every heavy hitter, to within the light values\' noise, from a sketch 4× smaller than the f64 vector', () => {
    const heavy = [3, 141, 500, 777, 998];
    const values = withHeavyHitters(heavy, 4);
    // k = 10 recovered, 5 rows × 100 buckets × 4 bytes = 2000 bytes + 13 vs 8000 bytes raw.
    const { decoded, bytes } = roundTrip(createSketch(), values, seededRandom(8));
    expect(bytes.length).toBe(13 + 5 * 100 * 4);
    for (const index of heavy) expect(Math.abs(decoded[index]! - values[index]!)).toBeLessThan(0.1);
    // At most k coordinates come back. (A light one may too when it shares buckets with heavy ones in most
    // rows: a count sketch of this size does that for roughly one vector in three.)
    expect(decoded.filter((d) => d !== 0).length).toBeLessThanOrEqual(10);
  });

  it('refuses shapes and lengths a sender could not produce', () => {
    const good = createSketch({ ratio: 0.1 }).encode(Float64Array.from({ length: 20 }, (_, i) => i), seededRandom(1)).bytes;
    expect(rejectionOf(decodeSketch(good, 20))).toBe('accepted');
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.length);
    const noRows = good.slice();
    noRows[4] = 0;
    expect(rejectionOf(decodeSketch(noRows, 20))).toBe('bad-header');
    const bigK = good.slice();
    view(bigK).setUint32(9, 21, true);
    expect(rejectionOf(decodeSketch(bigK, 20))).toBe('bad-header');
    expect(rejectionOf(decodeSketch(good.subarray(0, good.length - 1), 20))).toBe('bad-length');
    const nan = good.slice();
    view(nan).setFloat32(13, Number.NaN, true);
    expect(rejectionOf(decodeSketch(nan, 20))).toBe('non-finite');
  });
});

describe('SketchErrorAccumulator (FetchSGD error feedback in the sketch)', () => {
  it('zeroes the recovered buckets in every row and keeps the rest of the mass for later', () => {
    const accumulator = new SketchErrorAccumulator(1000, 5, 40, 99);
    const update = withHeavyHitters([10, 20], 5);
    update[30] = 4; // too light to win against 50 and 60 in one step
    accumulator.accumulate(update);
    const first = accumulator.extract(2);
    expect(first[10]).toBeCloseTo(update[10]!, 0);
    expect(first[20]).toBeCloseTo(update[20]!, 0);
    expect(first[30]).toBe(0);
    for (const index of [10, 20]) for (const slot of accumulator.slotsOf(index)) expect(accumulator.buckets()[slot]).toBe(0);
    // Coordinate 30's mass stayed in the sketch: with the heavy hitters gone, it is now the heaviest.
    const second = accumulator.extract(1);
    expect(second[30]).toBeCloseTo(4, 1);
  });

  it('error accumulates: a coordinate too small for one step is recovered once its updates add up', () => {
    const accumulator = new SketchErrorAccumulator(200, 5, 30, 3);
    const steady = new Float64Array(200);
    steady[77] = 0.3;
    let recovered = 0;
    let steps = 0;
    while (recovered === 0 && steps < 20) {
      const noise = withHeavyHitters([], steps).subarray(0, 200);
      noise[150 + (steps % 40)] = 1; // a different one-off spike every step
      accumulator.accumulate(noise.map((v, i) => v + steady[i]!));
      recovered = accumulator.extract(1)[77]!;
      steps++;
    }
    expect(steps).toBeGreaterThan(1);
    expect(recovered).toBeGreaterThan(0.9);
  });
});
