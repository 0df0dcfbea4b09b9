/** One range of floats in WebAssembly memory, checked finite by the SIMD scan plus a JavaScript tail. */
import { rangeFinite } from '../finite';
import type { Vector } from '../payload';
import type { FiniteScanExports } from './finite-scan-module';

/**
 * Whether the `bytes` bytes at byte `ptr` of a scanned memory hold only finite floats. `view` is a
 * Float32Array or Float64Array over that memory from byte 0 (its type says the width); `ptr` and `bytes`
 * are multiples of the width. The module scans whole 16-byte vectors; the last elements (fewer than one
 * vector: up to 3 f32 or 1 f64) go through the JavaScript scan.
 */
export function simdRangeFinite(scan: FiniteScanExports, view: Vector, ptr: number, bytes: number): boolean {
  const whole = bytes - (bytes % 16);
  const wide = view instanceof Float64Array;
  if ((wide ? scan.finite64(ptr, whole) : scan.finite32(ptr, whole)) !== 1) return false;
  if (whole === bytes) return true;
  const width = view.BYTES_PER_ELEMENT;
  return rangeFinite(view, (ptr + whole) / width, (ptr + bytes) / width);
}
