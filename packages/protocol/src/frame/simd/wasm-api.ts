/**
 * The few WebAssembly JS-API members this folder and @canopy/algorithms' vector kernels use, typed here
 * because both packages compile without the DOM library (Node and browsers provide them at run time).
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** An opaque compiled module. */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}

/** This realm's WebAssembly object, or undefined where there is none. */
export function hostWasmApi(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
}

export const WASM_PAGE_BYTES = 65_536;

/** Compiles `bytes` with `api`, or undefined where it cannot (no WebAssembly, no SIMD) or may not (a CSP). */
export function compileWasm(api: WasmApi | undefined, bytes: Uint8Array): WasmModule | undefined {
  if (api === undefined) return undefined;
  try {
    return api.validate(bytes) ? new api.Module(bytes) : undefined; // validate: an engine without SIMD
  } catch {
    return undefined; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
  }
}
