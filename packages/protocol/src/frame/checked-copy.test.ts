import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkedCopyFor, FINITE_SCAN_MODES } from './checked-copy';
import { finiteScanModule } from './simd/finite-scan-module';
import { WasmPayloadMemories } from './simd/wasm-payloads';
import { sameElements } from './test-support';

const memories = new WasmPayloadMemories(finiteScanModule()!, 8);
const special = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
const element = fc.oneof({ weight: 30, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }) }, { weight: 1, arbitrary: special });

function viewOf(payload: Uint8Array, wide: boolean): Float32Array | Float64Array {
  return wide ? new Float64Array(payload.buffer, payload.byteOffset, payload.length / 8) : new Float32Array(payload.buffer, payload.byteOffset, payload.length / 4);
}

describe('checkedCopyFor', () => {
  it('takes the in-place path for WebAssembly buffers, staged for plain ones, JavaScript when asked', () => {
    const wasm = memories.allocate(4096)!;
    const plain = new Uint8Array(4096);
    expect(checkedCopyFor(wasm, viewOf(wasm, false), 'simd', memories).path).toBe('in-place');
    expect(checkedCopyFor(wasm, viewOf(wasm, false), 'simd-staging', memories).path).toBe('staged');
    expect(checkedCopyFor(plain, viewOf(plain, true), 'simd', memories).path).toBe('staged');
    expect(checkedCopyFor(plain, viewOf(plain, true), 'simd', undefined).path).toBe('staged');
    expect(checkedCopyFor(wasm, viewOf(wasm, true), 'js', memories).path).toBe('js');
  });

  it('every path copies the same bytes to the same place and gives the same verdict (f32 and f64)', () => {
    const wasm = memories.allocate(8 * 100)!;
    fc.assert(
      fc.property(fc.boolean(), fc.array(element, { minLength: 1, maxLength: 40 }), fc.nat(), (wide, items, at) => {
        const chunk = wide ? Float64Array.from(items) : Float32Array.from(items);
        const chunkBytes = new Uint8Array(chunk.buffer);
        const width = chunk.BYTES_PER_ELEMENT;
        const offset = (at % (wasm.length / width - items.length + 1)) * width;
        const expected = items.every((x) => Number.isFinite(wide ? x : Math.fround(x)));
        for (const buffer of [wasm, new Uint8Array(wasm.length)]) {
          for (const mode of FINITE_SCAN_MODES) {
            buffer.fill(0);
            const { copy, path } = checkedCopyFor(buffer, viewOf(buffer, wide), mode, memories);
            expect(copy(buffer, offset, chunkBytes), `${mode} (${path})`).toBe(expected);
            expect(sameElements(buffer.subarray(offset, offset + chunkBytes.length), chunkBytes)).toBe(true);
            expect(buffer.subarray(0, offset).every((b) => b === 0)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
