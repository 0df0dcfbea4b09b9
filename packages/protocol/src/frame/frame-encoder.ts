/**
 * A per-link sender: numbers messages and reuses one buffer for their frames, which saves allocating (and
 * page-faulting) a fresh buffer per message. RTCDataChannel.send copies its argument synchronously, so
 * frames sent right away are safe; frames kept for later must be copied, or use encodeMessage instead.
 */
import type { VectorMessageHeader } from './header';
import { DEFAULT_MAX_CHUNK_BYTES, U32_MAX } from './layout';
import { encodeVector, type Vector } from './payload';
import { planFrames, writeFrames } from './encode';

export interface FrameEncoderOptions {
  /** Largest frame, header included (default 64 KiB). */
  readonly maxChunkBytes?: number;
  /** Id of the first message; pick it at random per session so a restarted sender's ids do not collide. */
  readonly firstMessageId?: number;
  /** Uniform [0, 1) source for q8 stochastic rounding (nearest rounding without it). */
  readonly random?: () => number;
}

export class FrameEncoder {
  readonly #maxChunkBytes: number;
  readonly #random: (() => number) | undefined;
  #nextMessageId: number;
  #buffer = new ArrayBuffer(0);

  constructor(options: FrameEncoderOptions = {}) {
    this.#maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
    this.#random = options.random;
    this.#nextMessageId = (options.firstMessageId ?? 0) >>> 0;
  }

  get nextMessageId(): number {
    return this.#nextMessageId;
  }

  /** The frames of one message. They are views of this encoder's buffer: valid until the next encode(). */
  encode(header: VectorMessageHeader, values: Vector): Uint8Array[] {
    const payload = encodeVector(values, header.dtype, this.#random === undefined ? {} : { random: this.#random });
    const plan = planFrames(header, payload.length, { messageId: this.#nextMessageId, maxChunkBytes: this.#maxChunkBytes });
    if (this.#buffer.byteLength < plan.bufferBytes) this.#buffer = new ArrayBuffer(plan.bufferBytes);
    const frames = writeFrames(this.#buffer, plan, payload);
    this.#nextMessageId = this.#nextMessageId === U32_MAX ? 0 : this.#nextMessageId + 1;
    return frames;
  }
}
