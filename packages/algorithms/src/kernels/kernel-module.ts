/**
 * Compiles the SIMD vector kernels (./vector-kernels-wat) once per realm, synchronously (608 bytes). Where
 * WebAssembly or its SIMD proposal is missing, or a Content-Security-Policy forbids compiling, callers get
 * undefined and keep the JavaScript loops.
 */
import { hostWasmApi, loadMemoryModule, type MemoryModule, type WasmApi } from '@canopy/protocol';
import { VECTOR_KERNELS_WASM } from './vector-kernels-bytes';

/** The kernels bound to one memory; pointers are byte offsets into it, counts are elements. */
export interface KernelExports {
  readonly descend32: (x: number, z: number, v: number, out: number, n: number, gamma: number, self: number) => void;
  readonly track32: (z: number, g: number, grad: number, n: number) => void;
  readonly sgd32: (x: number, grad: number, n: number, eta: number) => void;
}

/** The kernels, compiled once and bound per memory. */
export type KernelModule = MemoryModule<KernelExports>;

/** Compiles the kernels with `api`, or undefined when it cannot. */
export function loadKernels(api: WasmApi | undefined): KernelModule | undefined {
  return loadMemoryModule(api, VECTOR_KERNELS_WASM, (exports) => exports as unknown as KernelExports);
}

let shared: KernelModule | null | undefined;

/** The realm's compiled kernels (compiled on first use), or undefined when unavailable. */
export function kernelModule(): KernelModule | undefined {
  if (shared === undefined) shared = loadKernels(hostWasmApi()) ?? null;
  return shared ?? undefined;
}
