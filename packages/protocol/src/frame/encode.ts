/** Sender side: a vector → one or more chunk frames, all views into one ArrayBuffer. */
import { isMessageKind } from '../kinds';
import { planChunks } from './chunking';
import { writeHeader, type MessageHeader, type VectorMessageHeader } from './header';
import { DEFAULT_MAX_CHUNK_BYTES, DTYPE_CODES, FRAME_HEADER_BYTES, U16_MAX, U32_MAX } from './layout';
import { encodeVector, type EncodeVectorOptions, type Vector } from './payload';

export interface FrameOptions {
  /** Groups the chunks of this message; use a new one per message (start from a random value per session). */
  readonly messageId: number;
  /** Largest frame, header included. Default 64 KiB; use CROSS_BROWSER_MAX_CHUNK_BYTES (16 KiB) for mixed browsers. */
  readonly maxChunkBytes?: number;
}

export interface EncodeMessageOptions extends FrameOptions, EncodeVectorOptions {}

/** A checked message ready to be written: how many bytes its frames take in total. */
export interface FramePlan {
  readonly header: MessageHeader;
  readonly flags: number;
  readonly echo: number;
  readonly messageId: number;
  readonly stride: number;
  readonly chunkCount: number;
  readonly bufferBytes: number;
}

function checkInteger(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in 0..${max}, got ${value}`);
  }
}

/** Validates the header (RangeError on a sender bug, never wire input) and chooses the chunking. */
export function planFrames(header: MessageHeader, payloadBytes: number, options: FrameOptions): FramePlan {
  if (!isMessageKind(header.kind)) throw new RangeError(`unknown message kind ${String(header.kind)}`);
  if (!Object.hasOwn(DTYPE_CODES, header.dtype)) throw new RangeError(`unknown dtype ${String(header.dtype)}`);
  const flags = header.flags ?? 0;
  checkInteger('flags', flags, 0xff);
  const echo = header.echo ?? 0;
  checkInteger('echo', echo, U16_MAX);
  checkInteger('epoch', header.epoch, U32_MAX);
  checkInteger('seq', header.seq, U32_MAX);
  checkInteger('messageId', options.messageId, U32_MAX);
  checkInteger('payload length', payloadBytes, U32_MAX);
  const { stride, chunkCount } = planChunks(payloadBytes, options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES);
  return { header, flags, echo, messageId: options.messageId, stride, chunkCount, bufferBytes: chunkCount * FRAME_HEADER_BYTES + payloadBytes };
}

/** Payload bytes of chunk `index` of `plan` (a message of `totalBytes`). */
export function chunkBytesOf(plan: FramePlan, index: number, totalBytes: number): number {
  return Math.min(plan.stride, totalBytes - index * plan.stride);
}

/** Writes the header of chunk `index` of `plan` (a message of `totalBytes`) at `offset` of `view`; returns the chunk's payload bytes. */
export function writeChunkHeader(view: DataView, offset: number, plan: FramePlan, index: number, totalBytes: number): number {
  const { header, chunkCount } = plan;
  const chunkBytes = chunkBytesOf(plan, index, totalBytes);
  writeHeader(view, offset, {
    kind: header.kind,
    epoch: header.epoch,
    seq: header.seq,
    dtype: header.dtype,
    flags: plan.flags,
    echo: plan.echo,
    messageId: plan.messageId,
    chunkIndex: index,
    chunkCount,
    totalBytes,
    chunkBytes,
  });
  return chunkBytes;
}

/** Writes the frames of `plan` at the start of `buffer` (at least plan.bufferBytes long); one `set` per chunk. */
export function writeFrames(buffer: ArrayBuffer, plan: FramePlan, payload: Uint8Array): Uint8Array[] {
  const view = new DataView(buffer);
  const whole = new Uint8Array(buffer);
  const frames: Uint8Array[] = [];
  for (let index = 0; index < plan.chunkCount; index++) {
    const start = index * plan.stride;
    const frameOffset = index * (FRAME_HEADER_BYTES + plan.stride);
    const chunkBytes = writeChunkHeader(view, frameOffset, plan, index, payload.length);
    whole.set(payload.subarray(start, start + chunkBytes), frameOffset + FRAME_HEADER_BYTES);
    frames.push(whole.subarray(frameOffset, frameOffset + FRAME_HEADER_BYTES + chunkBytes));
  }
  return frames;
}

/** Frames an already-encoded payload into a new buffer (see ./layout for the byte table). */
export function encodeFrames(header: MessageHeader, payload: Uint8Array, options: FrameOptions): Uint8Array[] {
  const plan = planFrames(header, payload.length, options);
  return writeFrames(new ArrayBuffer(plan.bufferBytes), plan, payload);
}

/** Encodes `values` in `header.dtype` and splits it into frames in a new buffer. */
export function encodeMessage(header: VectorMessageHeader, values: Vector, options: EncodeMessageOptions): Uint8Array[] {
  return encodeFrames(header, encodeVector(values, header.dtype, options), options);
}
