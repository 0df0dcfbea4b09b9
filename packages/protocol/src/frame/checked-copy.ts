/**
 * How a Reassembler copies each f32/f64 chunk into its message and checks it finite, chosen per message:
 * scanned in place when the payload lives in WebAssembly memory (reuseBuffers, large messages), through
 * the WebAssembly staging page otherwise, or by the JavaScript loop where SIMD is unavailable or 'js' is
 * asked for. All three give the same answer (checked-copy.test.ts).
 */
import { rangeFinite } from './finite';
import type { Vector } from './payload';
import { stagedCopyFinite, stagingArea } from './simd/staged-copy';
import { simdRangeFinite } from './simd/simd-range';
import type { WasmPayloadMemories } from './simd/wasm-payloads';

/**
 * 'simd' (default): WebAssembly SIMD scan, in place for payloads in WebAssembly memory, staged otherwise;
 * 'simd-staging': always staged; 'js': the JavaScript scan. Both SIMD modes fall back to 'js' where
 * WebAssembly SIMD is unavailable.
 */
export type FiniteScanMode = 'simd' | 'simd-staging' | 'js';
export const FINITE_SCAN_MODES: readonly FiniteScanMode[] = ['simd', 'simd-staging', 'js'];

/** Copies one chunk into `payload` at byte `offset`; returns whether its elements are all finite. */
export type CheckedCopy = (payload: Uint8Array, offset: number, chunk: Uint8Array) => boolean;

/** Which of the three paths a message's chunks take (for tests and the benchmark). */
export type CheckedCopyPath = 'in-place' | 'staged' | 'js';

export interface CheckedCopyChoice {
  readonly path: CheckedCopyPath;
  readonly copy: CheckedCopy;
}

/**
 * The copy for a message whose payload buffer is `payload` and whose elements `view` (a Float32Array or
 * Float64Array over `payload`) will be delivered. `memories` recognises WebAssembly-backed buffers.
 */
export function checkedCopyFor(payload: Uint8Array, view: Vector, mode: FiniteScanMode, memories: WasmPayloadMemories | undefined): CheckedCopyChoice {
  if (mode !== 'js') {
    const scan = mode === 'simd' ? memories?.scannerOf(payload) : undefined;
    // In place: `view` starts at byte 0 of the memory (wasm payloads sit at offset 0), so byte offsets are pointers.
    if (scan !== undefined && payload.byteOffset === 0) {
      return {
        path: 'in-place',
        copy: (target, offset, chunk) => {
          target.set(chunk, offset);
          return simdRangeFinite(scan, view, offset, chunk.length);
        },
      };
    }
    const stage = stagingArea();
    if (stage !== undefined) return { path: 'staged', copy: (target, offset, chunk) => stagedCopyFinite(stage, target, offset, chunk, view) };
  }
  const width = view.BYTES_PER_ELEMENT;
  return {
    path: 'js',
    copy: (target, offset, chunk) => {
      target.set(chunk, offset);
      return rangeFinite(view, offset / width, (offset + chunk.length) / width);
    },
  };
}
