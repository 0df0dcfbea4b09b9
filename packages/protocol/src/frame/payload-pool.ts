/**
 * Whole-message payload buffers for a Reassembler with `reuseBuffers`: allocating (zero-filling,
 * page-faulting) a fresh buffer per message costs about as much as copying the message itself.
 *
 * A buffer is in one of three states: held by an incomplete message (taken), handed to the caller with
 * the last delivered message (lent: at most one), or idle (free, bounded by `maxFreeBytes`). A lent
 * buffer becomes free only when the next message is delivered, so chunks of later messages never write
 * into a payload the caller may still be reading.
 *
 * Large f32/f64 messages may get a buffer in WebAssembly memory (./simd/wasm-payloads) so that their
 * chunks are scanned in place; such a buffer holds whole pages, and every count here is of memory held.
 */
import type { WasmPayloadMemories } from './simd/wasm-payloads';

/** Memory a pool buffer holds: its whole ArrayBuffer (exact for a plain one, whole pages for a WebAssembly one). */
export function heldBytes(buffer: Uint8Array): number {
  return buffer.buffer.byteLength;
}

export class PayloadPool {
  /** Oldest first; a handful of entries (one or two per message size a link carries). */
  readonly #free: Uint8Array[] = [];
  #freeBytes = 0;
  #lent: Uint8Array | undefined;

  constructor(
    private readonly maxFreeBytes: number,
    private readonly wasm?: WasmPayloadMemories,
  ) {}

  /** Bytes held by idle buffers. */
  get freeBytes(): number {
    return this.#freeBytes;
  }

  /**
   * A buffer of exactly `bytes` bytes, with arbitrary content: the caller overwrites all of it. With
   * `inWasm`, it may live in WebAssembly memory (then it holds wasmPayloadBytes(bytes)); without, it
   * holds exactly `bytes`.
   */
  take(bytes: number, inWasm = false): Uint8Array {
    for (let i = 0; i < this.#free.length; i++) {
      const buffer = this.#free[i]!;
      if (buffer.length !== bytes || (!inWasm && heldBytes(buffer) !== bytes)) continue;
      this.#free.splice(i, 1);
      this.#freeBytes -= heldBytes(buffer);
      return buffer;
    }
    return (inWasm ? this.wasm?.allocate(bytes) : undefined) ?? new Uint8Array(bytes);
  }

  /** Returns a buffer nobody reads any more (a dropped or refused message); the oldest idle ones go first. */
  release(buffer: Uint8Array): void {
    const held = heldBytes(buffer);
    if (buffer.length === 0 || held > this.maxFreeBytes) return;
    while (this.#freeBytes + held > this.maxFreeBytes) this.#freeBytes -= heldBytes(this.#free.shift()!);
    this.#free.push(buffer);
    this.#freeBytes += held;
  }

  /**
   * A message is being delivered: the buffer lent with the previous one is free again, and `buffer` (when
   * the new payload is a view of it) is lent until the next delivery.
   */
  lend(buffer: Uint8Array | undefined): void {
    if (this.#lent !== undefined) this.release(this.#lent);
    this.#lent = buffer;
  }
}
