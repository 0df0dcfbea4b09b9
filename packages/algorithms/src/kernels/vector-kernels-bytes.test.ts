import { describe, expect, it } from 'vitest';
import wabt from 'wabt';
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

  it('falls back (undefined) without WebAssembly (the other cases: wasm-api.test.ts in @canopy/protocol)', () => {
    expect(loadKernels(undefined)).toBeUndefined();
  });
});
