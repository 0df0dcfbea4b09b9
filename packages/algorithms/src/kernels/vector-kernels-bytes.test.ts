import { describe, expect, it } from 'vitest';
import wabt from 'wabt';
import { hostWasmApi, type WasmApi } from '@canopy/protocol';
import { VECTOR_KERNELS_WASM } from './vector-kernels-bytes';
import { VECTOR_KERNELS_WAT } from './vector-kernels-wat';
import { kernelModule, loadKernels } from './kernel-module';

describe('the SIMD vector kernel module', () => {
  it('is exactly the committed text assembled by wabt, and small enough for a synchronous main-thread compile', async () => {
    const assembler = await wabt();
    const module = assembler.parseWat('vector-kernels.wat', VECTOR_KERNELS_WAT, { simd: true });
    module.validate();
    expect(Array.from(module.toBinary({}).buffer)).toEqual(Array.from(VECTOR_KERNELS_WASM));
    expect(VECTOR_KERNELS_WASM.length).toBeLessThan(4096);
  });

  it('compiles here (Node 20 has WebAssembly SIMD)', () => {
    expect(kernelModule()).toBeDefined();
  });

  it('falls back (undefined) without WebAssembly, without SIMD, or when compiling is refused', () => {
    const real = hostWasmApi() as WasmApi;
    const pick = (overrides: Partial<WasmApi>): WasmApi => ({ validate: (b) => real.validate(b), Module: real.Module, Instance: real.Instance, Memory: real.Memory, ...overrides });
    expect(loadKernels(undefined)).toBeUndefined();
    expect(loadKernels(pick({ validate: () => false }))).toBeUndefined();
    const Refused = class {
      constructor() {
        throw new Error('CompileError: refused by Content-Security-Policy');
      }
    };
    expect(loadKernels(pick({ Module: Refused }))).toBeUndefined();
    expect(loadKernels(pick({}))).toBeDefined();
  });
});
