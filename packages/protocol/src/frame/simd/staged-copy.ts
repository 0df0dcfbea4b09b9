/**
 * A chunk copied into a plain payload buffer through one WebAssembly page: chunk → staging (scanned
 * there by SIMD while it is in cache) → payload. One more copy than the JavaScript path, but the SIMD
 * scan saves more than that copy costs (`pnpm bench codec`). The realm shares one staging page: push()
 * is synchronous, so no two copies ever interleave.
 */
import type { Vector } from '../payload';
import { finiteScanModule, type FiniteScanExports } from './finite-scan-module';
import { simdRangeFinite } from './simd-range';
import { WASM_PAGE_BYTES } from './wasm-api';

export interface StagingArea {
  readonly bytes: Uint8Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly scan: FiniteScanExports;
}

let shared: StagingArea | null | undefined;

/** The realm's staging page (one memory that never grows, so its views stay valid), or undefined without SIMD. */
export function stagingArea(): StagingArea | undefined {
  if (shared === undefined) {
    const module = finiteScanModule();
    shared = null;
    if (module !== undefined) {
      try {
        const memory = new module.api.Memory({ initial: 1, maximum: 1 });
        shared = { bytes: new Uint8Array(memory.buffer), f32: new Float32Array(memory.buffer), f64: new Float64Array(memory.buffer), scan: module.instantiate(memory) };
      } catch {
        shared = null; // no memory to be had: the JavaScript scan stays in use
      }
    }
  }
  return shared ?? undefined;
}

/**
 * Copies `chunk` (whole f32 or f64 elements, as `like` says) into `target` at byte `offset`, page by page
 * through `stage`; returns whether every element is finite.
 */
export function stagedCopyFinite(stage: StagingArea, target: Uint8Array, offset: number, chunk: Uint8Array, like: Vector): boolean {
  const view = like instanceof Float64Array ? stage.f64 : stage.f32;
  let finite = true;
  for (let from = 0; from < chunk.length; from += WASM_PAGE_BYTES) {
    const piece = chunk.subarray(from, from + WASM_PAGE_BYTES);
    stage.bytes.set(piece);
    if (!simdRangeFinite(stage.scan, view, 0, piece.length)) finite = false;
    target.set(stage.bytes.subarray(0, piece.length), offset + from);
  }
  return finite;
}
