/**
 * One WebAssembly memory holding a node's hot vectors, so the SIMD kernels work on them in place while
 * JavaScript reads and writes them as ordinary typed arrays. The memory is sized once and never grown
 * (growing would detach every view), and views are carved 16-byte aligned.
 *
 * Engines reserve a large address range per memory (V8: ~10 GiB of guard region), so the number alive at
 * once is capped; past the cap, or when a memory is refused, there is no arena and the caller keeps plain
 * arrays and the JavaScript loops.
 */
import { WASM_PAGE_BYTES, type WasmMemory } from '@canopy/protocol';
import { kernelModule, type KernelExports, type KernelModule } from './kernel-module';

/** Arenas alive at once, per realm (a browser node has one; the simulator's small problems use none). */
export const MAX_LIVE_ARENAS = 16;

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

let live = 0;
const collected = new FinalizationRegistry<null>(() => {
  live--;
});

export class VectorArena {
  #used = 0;

  private constructor(
    private readonly memory: WasmMemory,
    readonly kernels: KernelExports,
  ) {}

  /** An arena of at least `bytes` bytes (room for alignment included), or undefined. `module`: null for none (tests). */
  static create(bytes: number, module: KernelModule | null = kernelModule() ?? null): VectorArena | undefined {
    if (module === null || live >= MAX_LIVE_ARENAS || !(bytes > 0)) return undefined;
    const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
    try {
      const memory = new module.api.Memory({ initial: pages, maximum: pages });
      const arena = new VectorArena(memory, module.instantiate(memory));
      live++;
      collected.register(arena, null);
      return arena;
    } catch {
      return undefined;
    }
  }

  /** Bytes an arena needs for vectors of these byte lengths. */
  static bytesFor(byteLengths: readonly number[]): number {
    return byteLengths.reduce((sum, bytes) => sum + align16(bytes), 0);
  }

  /** Arenas created and not yet garbage-collected. */
  static get live(): number {
    return live;
  }

  float32(length: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.#carve(length * 4), length);
  }

  float64(length: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.#carve(length * 8), length);
  }

  /** Whether `view` lives in this arena (so a kernel can take its byteOffset as a pointer). */
  owns(view: ArrayBufferView): boolean {
    return view.buffer === this.memory.buffer;
  }

  #carve(bytes: number): number {
    const at = this.#used;
    if (at + bytes > this.memory.buffer.byteLength) throw new RangeError(`vector arena full: ${bytes} bytes asked, ${this.memory.buffer.byteLength - at} left`);
    this.#used = align16(at + bytes);
    return at;
  }
}
