/**
 * Compiles the SIMD finite scan (./finite-scan-wat) once per realm, synchronously: the module is 312 bytes,
 * far below the 4 KB a browser's main thread may compile synchronously. Where WebAssembly or its SIMD
 * proposal is missing, or a Content-Security-Policy forbids compiling, callers get undefined and keep the
 * JavaScript scan (./finite).
 */
import { FINITE_SCAN_WASM } from './finite-scan-bytes';
import { hostWasmApi, loadMemoryModule, type MemoryModule, type WasmApi } from './wasm-api';

/** The module's exports over one memory: 1 when the whole 16-byte vectors of [ptr, ptr + bytes) are finite. */
export interface FiniteScanExports {
  readonly finite32: (ptr: number, bytes: number) => number;
  readonly finite64: (ptr: number, bytes: number) => number;
}

/** The scan, compiled once and bound per memory. */
export type FiniteScanModule = MemoryModule<FiniteScanExports>;

/** Compiles the scan with `api`, or undefined when it cannot (no SIMD, compile refused). */
export function loadFiniteScan(api: WasmApi | undefined): FiniteScanModule | undefined {
  return loadMemoryModule(api, FINITE_SCAN_WASM, (exports) => ({
    finite32: exports['finite32'] as FiniteScanExports['finite32'],
    finite64: exports['finite64'] as FiniteScanExports['finite64'],
  }));
}

let shared: FiniteScanModule | null | undefined;

/** The realm's compiled scan (compiled on first use), or undefined when unavailable. */
export function finiteScanModule(): FiniteScanModule | undefined {
  if (shared === undefined) shared = loadFiniteScan(hostWasmApi()) ?? null;
  return shared ?? undefined;
}

/** Whether the Reassembler's SIMD scan is in use here (else the JavaScript scan is). */
export function isSimdFiniteScanAvailable(): boolean {
  return finiteScanModule() !== undefined;
}
