/**
 * Whole-message payload buffers for a Reassembler with `reuseBuffers`: allocating (zero-filling,
 * page-faulting) a fresh buffer per message costs about as much as copying the message itself.
 *
 * A buffer is in one of three states: held by an incomplete message (taken), handed to the caller with
 * the last delivered message (lent: at most one), or idle (free, bounded by `maxFreeBytes`). A lent
 * buffer becomes free only when the next message is delivered, so chunks of later messages never write
 * into a payload the caller may still be reading.
 */
export class PayloadPool {
  /** Oldest first; a handful of entries (one or two per message size a link carries). */
  readonly #free: Uint8Array[] = [];
  #freeBytes = 0;
  #lent: Uint8Array | undefined;

  constructor(private readonly maxFreeBytes: number) {}

  /** Bytes held by idle buffers. */
  get freeBytes(): number {
    return this.#freeBytes;
  }

  /** A buffer of exactly `bytes` bytes, with arbitrary content: the caller overwrites all of it. */
  take(bytes: number): Uint8Array {
    for (let i = 0; i < this.#free.length; i++) {
      const buffer = this.#free[i]!;
      if (buffer.length !== bytes) continue;
      this.#free.splice(i, 1);
      this.#freeBytes -= bytes;
      return buffer;
    }
    return new Uint8Array(bytes);
  }

  /** Returns a buffer nobody reads any more (a dropped or refused message); the oldest idle ones go first. */
  release(buffer: Uint8Array): void {
    if (buffer.length === 0 || buffer.length > this.maxFreeBytes) return;
    while (this.#freeBytes + buffer.length > this.maxFreeBytes) this.#freeBytes -= this.#free.shift()!.length;
    this.#free.push(buffer);
    this.#freeBytes += buffer.length;
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
