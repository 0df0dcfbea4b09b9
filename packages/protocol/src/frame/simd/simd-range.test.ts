import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { finiteScanModule } from './finite-scan-module';
import { simdRangeFinite } from './simd-range';

const module = finiteScanModule()!;
const memory = new module.api.Memory({ initial: 1, maximum: 1 });
const scan = module.instantiate(memory);
const bytes = new Uint8Array(memory.buffer);
const views = { f32: new Float32Array(memory.buffer), f64: new Float64Array(memory.buffer) };

/** Writes `values` at element `start` of the memory and scans exactly them. */
function scanAt(values: Float32Array | Float64Array, start: number): boolean {
  const view = values instanceof Float64Array ? views.f64 : views.f32;
  bytes.fill(0xff); // NaN bytes all around: a scan that reads outside its range fails
  view.set(values, start);
  return simdRangeFinite(scan, view, start * view.BYTES_PER_ELEMENT, values.byteLength);
}

const BAD = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('simdRangeFinite', () => {
  for (const Type of [Float32Array, Float64Array]) {
    it(`${Type.name}: every length 0..41 at every start 0..5, NaN/±Inf first, middle or last`, () => {
      for (let length = 0; length <= 41; length++) {
        for (let start = 0; start <= 5; start++) {
          const values = new Type(length).map((_, i) => (i % 7) - 3.5 + i * 1e-3);
          expect(scanAt(values, start)).toBe(true);
          for (const position of new Set([0, length >> 1, length - 1].filter((p) => p >= 0 && p < length))) {
            for (const bad of BAD) {
              const poisoned = values.slice();
              poisoned[position] = bad;
              expect(scanAt(poisoned, start), `${Type.name} length ${length} start ${start} ${bad} at ${position}`).toBe(false);
            }
          }
        }
      }
    });
  }

  it('agrees with Number.isFinite on arbitrary bit patterns (f32 and f64, any range)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { maxLength: 90 }), fc.nat(8), (wide, words, start) => {
        const raw = new Uint32Array(words.length - (wide ? words.length % 2 : 0));
        raw.set(words.slice(0, raw.length));
        const values = wide ? new Float64Array(raw.buffer) : new Float32Array(raw.buffer);
        expect(scanAt(values, start)).toBe(Array.from(values).every(Number.isFinite));
      }),
      { numRuns: 400 },
    );
  });

  it('judges f64 by its high word only: a low word shaped like a float32 NaN is still finite', () => {
    const words = Uint32Array.of(0x7fc0_0000, 0x3ff0_0000, 0xffff_ffff, 0x7fef_ffff); // 1.0000…, max finite
    const values = new Float64Array(words.buffer);
    expect(Array.from(values).every(Number.isFinite)).toBe(true);
    expect(scanAt(values, 1)).toBe(true);
    expect(scanAt(Float32Array.of(3.4028234663852886e38, -1.1754942106924411e-38, 1e-45, -0), 3)).toBe(true); // max, subnormals, -0
  });
});
