/**
 * Whole-message payload buffers that live in WebAssembly memory, one memory each, so chunks are scanned
 * in place right after their copy (no staging copy). Used by a Reassembler with reuseBuffers only: such
 * a buffer is recycled, so the allocation is paid once per message size, and it is lent with the message
 * until the next delivery, like any recycled buffer. (Its ArrayBuffer cannot be transferred; a consumer
 * of a recycled payload copies it anyway.)
 *
 * One memory per buffer, sized to whole pages and never grown, because memory.grow would detach the
 * ArrayBuffer of a payload still lent to the caller. Engines reserve a large address range per memory
 * (V8: ~10 GiB of guard region, ~1 TiB in total), so the number alive at once is capped; past the cap, or
 * when a memory is refused, the caller falls back to a plain buffer (staged scan).
 */
import type { FiniteScanExports, FiniteScanModule } from './finite-scan-module';
import { WASM_PAGE_BYTES } from './wasm-api';

/** Smaller messages stay in plain buffers: page rounding would waste more than 20%, the staged scan is cheap. */
export const MIN_WASM_PAYLOAD_BYTES = 256 * 1024;
/** Memories alive at once, process-wide by default (far below the engines' address-space limits). */
export const MAX_LIVE_WASM_PAYLOADS = 32;

/** Bytes a payload of `bytes` bytes holds in its own memory: whole 64 KiB pages. */
export function wasmPayloadBytes(bytes: number): number {
  return Math.ceil(bytes / WASM_PAGE_BYTES) * WASM_PAGE_BYTES;
}

export class WasmPayloadMemories {
  #live = 0;
  /** Counts a memory out once the garbage collector has taken its buffer (nobody can reach it then). */
  readonly #collected = new FinalizationRegistry<null>(() => {
    this.#live--;
  });
  /** Keyed by each memory's ArrayBuffer; the value keeps the instance (and memory) alive with it. */
  readonly #scanners = new WeakMap<ArrayBufferLike, FiniteScanExports>();

  constructor(
    private readonly module: FiniteScanModule,
    private readonly maxLive: number = MAX_LIVE_WASM_PAYLOADS,
  ) {}

  /** Memories created and not yet garbage-collected. */
  get live(): number {
    return this.#live;
  }

  /** A buffer of exactly `bytes` bytes at offset 0 of its own memory, or undefined (cap reached, memory refused). */
  allocate(bytes: number): Uint8Array | undefined {
    if (this.#live >= this.maxLive || bytes <= 0) return undefined;
    const pages = wasmPayloadBytes(bytes) / WASM_PAGE_BYTES;
    try {
      const memory = new this.module.api.Memory({ initial: pages, maximum: pages });
      this.#scanners.set(memory.buffer, this.module.instantiate(memory));
      this.#collected.register(memory.buffer, null);
      this.#live++;
      return new Uint8Array(memory.buffer, 0, bytes);
    } catch {
      return undefined;
    }
  }

  /** The scan bound to the memory `bytes` lives in, when it is one of these buffers. */
  scannerOf(bytes: Uint8Array): FiniteScanExports | undefined {
    return this.#scanners.get(bytes.buffer);
  }
}

let shared: WasmPayloadMemories | null | undefined;

/** The realm's WebAssembly payload memories (one cap for all Reassemblers), or undefined without SIMD. */
export function sharedWasmPayloads(module: FiniteScanModule | undefined): WasmPayloadMemories | undefined {
  if (shared === undefined) shared = module === undefined ? null : new WasmPayloadMemories(module);
  return shared ?? undefined;
}
