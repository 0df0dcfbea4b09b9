import { describe, expect, it } from 'vitest';
import wabt from 'wabt';
import { FINITE_SCAN_WASM } from './finite-scan-bytes';
import { FINITE_SCAN_WAT } from './finite-scan-wat';
import { isSimdFiniteScanAvailable, loadFiniteScan } from './finite-scan-module';
import type { WasmApi } from './wasm-api';

describe('the SIMD finite scan module', () => {
  it('is exactly the committed text assembled by wabt, and small enough for a synchronous main-thread compile', async () => {
    const assembler = await wabt();
    const module = assembler.parseWat('finite-scan.wat', FINITE_SCAN_WAT, { simd: true });
    module.validate();
    expect(Array.from(module.toBinary({}).buffer)).toEqual(Array.from(FINITE_SCAN_WASM));
    expect(FINITE_SCAN_WASM.length).toBeLessThan(4096);
  });

  it('compiles here (Node 20 has WebAssembly SIMD)', () => {
    expect(isSimdFiniteScanAvailable()).toBe(true);
  });

  it('falls back (undefined) without WebAssembly, without SIMD, or when compiling is refused', () => {
    const real = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    expect(loadFiniteScan(undefined)).toBeUndefined();
    const noSimd: WasmApi = { ...pick(real), validate: () => false };
    expect(loadFiniteScan(noSimd)).toBeUndefined();
    const refused: WasmApi = {
      ...pick(real),
      Module: class {
        constructor() {
          throw new Error('CompileError: refused by Content-Security-Policy');
        }
      },
    };
    expect(loadFiniteScan(refused)).toBeUndefined();
    expect(loadFiniteScan(pick(real))).toBeDefined();
  });
});

function pick(api: WasmApi): WasmApi {
  return { validate: (bytes) => api.validate(bytes), Module: api.Module, Instance: api.Instance, Memory: api.Memory };
}
