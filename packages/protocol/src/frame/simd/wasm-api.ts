/**
 * The few WebAssembly JS-API members this folder and @canopy/algorithms' vector kernels use, typed here
 * because both packages compile without the DOM library (Node and browsers provide them at run time), and
 * the one loader both modules go through.
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

/** A compiled module that imports one memory (env.memory): an instance per memory, one compile for all. */
export interface MemoryModule<E> {
  readonly api: WasmApi;
  /** Binds the module to `memory` (instances are cheap). */
  instantiate(memory: WasmMemory): E;
}

/** Compiles `bytes` with `api` (see compileWasm); `bind` turns an instance's exports into E. */
export function loadMemoryModule<E>(api: WasmApi | undefined, bytes: Uint8Array, bind: (exports: WasmInstance['exports']) => E): MemoryModule<E> | undefined {
  const module = compileWasm(api, bytes);
  if (api === undefined || module === undefined) return undefined;
  return {
    api,
    instantiate(memory) {
      return bind(new api.Instance(module, { env: { memory } }).exports);
    },
  };
}
