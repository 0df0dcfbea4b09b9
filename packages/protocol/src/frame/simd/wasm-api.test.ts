import { describe, expect, it } from 'vitest';
import { FINITE_SCAN_WASM } from './finite-scan-bytes';
import { hostWasmApi, loadMemoryModule, type WasmApi } from './wasm-api';

/** The host's API with some members replaced. */
function hostWith(overrides: Partial<WasmApi>): WasmApi {
  const real = hostWasmApi() as WasmApi;
  return { validate: (bytes) => real.validate(bytes), Module: real.Module, Instance: real.Instance, Memory: real.Memory, ...overrides };
}

const load = (api: WasmApi | undefined) => loadMemoryModule(api, FINITE_SCAN_WASM, (exports) => exports);

describe('loadMemoryModule (the finite scan and the vector kernels both load through it)', () => {
  it('falls back (undefined) without WebAssembly, without SIMD, or when compiling is refused', () => {
    expect(load(undefined)).toBeUndefined();
    expect(load(hostWith({ validate: () => false }))).toBeUndefined();
    const Refused = class {
      constructor() {
        throw new Error('CompileError: refused by Content-Security-Policy');
      }
    };
    expect(load(hostWith({ Module: Refused }))).toBeUndefined();
  });

  it('compiles once and binds an instance to each memory it is given', () => {
    let compiles = 0;
    const real = hostWasmApi() as WasmApi;
    const Counting = class {
      constructor(bytes: Uint8Array) {
        compiles++;
        return new real.Module(bytes);
      }
    };
    const module = load(hostWith({ Module: Counting }));
    expect(module).toBeDefined();
    const a = module?.instantiate(new real.Memory({ initial: 1, maximum: 1 }));
    const b = module?.instantiate(new real.Memory({ initial: 1, maximum: 1 }));
    expect(compiles).toBe(1);
    expect(a).not.toBe(b);
  });
});
