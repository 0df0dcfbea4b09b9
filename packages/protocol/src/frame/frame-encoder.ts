/**
 * A per-link sender: numbers messages and hands their frames to a sink without copying the payload
 * (see ./send-frames): each chunk after the first goes out as a view of the vector itself.
 */
import { DEFAULT_MAX_CHUNK_BYTES, U32_MAX } from './layout';
import type { VectorMessageHeader } from './header';
import type { Vector } from './payload';
import { sendMessage, type FrameSink } from './send-frames';

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

  constructor(options: FrameEncoderOptions = {}) {
    this.#maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
    this.#random = options.random;
    this.#nextMessageId = (options.firstMessageId ?? 0) >>> 0;
  }

  get nextMessageId(): number {
    return this.#nextMessageId;
  }

  /**
   * Sends the frames of one message to `sink`, which must copy each before returning (RTCDataChannel.send
   * does): a frame is valid only during the call. Returns the bytes sent.
   */
  send(header: VectorMessageHeader, values: Vector, sink: FrameSink): number {
    const messageId = this.#nextMessageId;
    this.#nextMessageId = messageId === U32_MAX ? 0 : messageId + 1;
    const options = { messageId, maxChunkBytes: this.#maxChunkBytes, ...(this.#random === undefined ? {} : { random: this.#random }) };
    return sendMessage(header, values, options, sink);
  }
}
