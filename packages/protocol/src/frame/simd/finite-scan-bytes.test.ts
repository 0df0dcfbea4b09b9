import { describe, expect, it } from 'vitest';
import wabt from 'wabt';
import { FINITE_SCAN_WASM } from './finite-scan-bytes';
import { FINITE_SCAN_WAT } from './finite-scan-wat';
import { isSimdFiniteScanAvailable, loadFiniteScan } from './finite-scan-module';

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

  it('falls back (undefined) without WebAssembly (the other cases: wasm-api.test.ts)', () => {
    expect(loadFiniteScan(undefined)).toBeUndefined();
  });
});
