import { describe, expect, it } from 'vitest';
import { finiteScanModule } from './finite-scan-module';
import { WASM_PAGE_BYTES } from './wasm-api';
import { WasmPayloadMemories, wasmPayloadBytes } from './wasm-payloads';

const module = finiteScanModule()!;

describe('WasmPayloadMemories', () => {
  it('gives each buffer its own page-rounded memory at offset 0, with a scan bound to it', () => {
    const memories = new WasmPayloadMemories(module, 4);
    const bytes = 3 * WASM_PAGE_BYTES + 100;
    const buffer = memories.allocate(bytes)!;
    expect(buffer.length).toBe(bytes);
    expect(buffer.byteOffset).toBe(0);
    expect(buffer.buffer.byteLength).toBe(wasmPayloadBytes(bytes));
    expect(wasmPayloadBytes(bytes)).toBe(4 * WASM_PAGE_BYTES);
    const view = new Float32Array(buffer.buffer, 0, bytes / 4);
    view.fill(1.5);
    const scan = memories.scannerOf(buffer)!;
    expect(scan.finite32(0, bytes - (bytes % 16))).toBe(1);
    view[bytes / 4 - 30] = Number.NaN;
    expect(scan.finite32(0, bytes - (bytes % 16))).toBe(0);
    expect(memories.scannerOf(new Uint8Array(bytes))).toBeUndefined();
  });

  it('refuses past its cap of live memories (the caller then uses a plain buffer)', () => {
    const memories = new WasmPayloadMemories(module, 2);
    const kept = [memories.allocate(1000), memories.allocate(2000)];
    expect(kept.every((b) => b !== undefined)).toBe(true);
    expect(memories.live).toBe(2);
    expect(memories.allocate(1000)).toBeUndefined();
    expect(memories.allocate(0)).toBeUndefined();
  });
});
