/**
 * Compiles the SIMD finite scan (./finite-scan-wat) once per realm, synchronously: the module is 312 bytes,
 * far below the 4 KB a browser's main thread may compile synchronously. Where WebAssembly or its SIMD
 * proposal is missing, or a Content-Security-Policy forbids compiling, callers get undefined and keep the
 * JavaScript scan (./finite).
 */
import { FINITE_SCAN_WASM } from './finite-scan-bytes';
import { compileWasm, hostWasmApi, type WasmApi, type WasmMemory } from './wasm-api';

/** The module's exports over one memory: 1 when the whole 16-byte vectors of [ptr, ptr + bytes) are finite. */
export interface FiniteScanExports {
  readonly finite32: (ptr: number, bytes: number) => number;
  readonly finite64: (ptr: number, bytes: number) => number;
}

export interface FiniteScanModule {
  /** Binds the scan to `memory` (an instance per memory: they are cheap, the compile is shared). */
  instantiate(memory: WasmMemory): FiniteScanExports;
  readonly api: WasmApi;
}

/** Compiles the scan with `api`, or undefined when it cannot (no SIMD, compile refused). */
export function loadFiniteScan(api: WasmApi | undefined): FiniteScanModule | undefined {
  const module = compileWasm(api, FINITE_SCAN_WASM);
  if (api === undefined || module === undefined) return undefined;
  return {
    api,
    instantiate(memory) {
      const { exports } = new api.Instance(module, { env: { memory } });
      return { finite32: exports['finite32'] as FiniteScanExports['finite32'], finite64: exports['finite64'] as FiniteScanExports['finite64'] };
    },
  };
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
